#!/usr/bin/env bash
# Takes the README's pictures anew: drives the built rolo in tmux on demo
# data, saves each screen with its colours to docs/pictures/NAME.ansi and
# renders it to NAME.svg with freeze (fetched by the go command, pinned).
# Needs Go and tmux. TestPictures checks the committed pictures against
# the program on every test run.
set -euo pipefail
cd "$(dirname "$0")"
go test -count=1 -run 'TestPictures' . -update
ls -l pictures/
