" apilint as a compiler for Vim and Neovim. Copy this file to ~/.vim/compiler/apilint.vim (Vim) or
" ~/.config/nvim/compiler/apilint.vim (Neovim); then `:compiler apilint`, and `:make %` lints the
" current document, `:make .` every document under the current folder. Each finding becomes a
" quickfix entry with its file, line, column and type; `:copen` lists them.
if exists('current_compiler')
  finish
endif
let current_compiler = 'apilint'

if exists(':CompilerSet') != 2
  command -nargs=* CompilerSet setlocal <args>
endif

" No colour and no notes (about files that are not OpenAPI documents) in what Vim reads.
CompilerSet makeprg=apilint\ lint\ --color\ never\ --quiet
" A format per severity, where %t takes the letter that names the quickfix type: e(rror), w(arn),
" i(nfo), and the n of hint, a note. apilint's own error lines are kept as text; other lines (the
" summary) are left out.
CompilerSet errorformat=%f:%l:%c:\ %trror\ %m,%f:%l:%c:\ %tarn\ %m,%f:%l:%c:\ %tnfo\ %m,%f:%l:%c:\ hi%tt\ %m,%+Gapilint:\ error:\ %m,%-G%.%#
