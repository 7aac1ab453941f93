#!/usr/bin/env bash
# PNG renderings of the demo report's export (nb-NO, and the en-US cover), as LibreOffice prints it: runs the
# rendering test (LibreOfficeOpensExportTest), which keeps the PDFs it converts, then turns their
# pages into small PNGs here with pdftoppm (poppler-utils). Needs libreoffice-calc-nogui and
# poppler-utils.
#
#   docs/exports/render.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/demo-render
rm -rf "$out"
./mvnw -B test -Dtest=LibreOfficeOpensExportTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dquarkus.http.test-port=0 -Dexport.render.dir="$PWD/$out" | grep -E "Tests run:|BUILD|ERROR" || true
rm -f docs/exports/*.png
# Every page in Norwegian (one sheet a page), the cover in US English (Letter, mm/dd/yyyy).
pdftoppm -r 60 -png "$out/demo-nb-NO.pdf" docs/exports/demo-nb-NO
pdftoppm -r 60 -png -f 1 -l 1 "$out/demo-en-US.pdf" docs/exports/demo-en-US
ls -l docs/exports/*.png
