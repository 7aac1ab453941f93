#!/usr/bin/env bash
# PNG renderings of the demo report's export (nb-NO and en-US), as LibreOffice prints it: runs the
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
for locale in nb-NO en-US; do
  pdftoppm -r 60 -png "$out/demo-$locale.pdf" "docs/exports/demo-$locale"
done
ls -l docs/exports/*.png
