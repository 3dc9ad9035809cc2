#!/bin/sh
# Regenerates the app icons from build/icon.svg (Debian: apt-get install librsvg2-bin icnsutils).
#   build/icons/<N>x<N>.png  Linux (AppImage, deb: hicolor theme sizes)
#   build/icon.png           1024 px, the source electron-builder falls back on
#   build/icon.ico           Windows (PNG-compressed entries 16…256)
#   build/icon.icns          macOS
# The outputs are committed, so packaging needs none of these tools.
set -eu
cd "$(dirname "$0")"
mkdir -p icons
for n in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$n" -h "$n" icon.svg -o "icons/${n}x${n}.png"
done
cp icons/1024x1024.png icon.png
png2icns icon.icns icons/16x16.png icons/32x32.png icons/48x48.png icons/128x128.png icons/256x256.png icons/512x512.png icons/1024x1024.png >/dev/null
# ICO with PNG entries (Windows Vista and later), written without ImageMagick.
python3 - <<'PY'
import struct
sizes = [16, 24, 32, 48, 64, 128, 256]
blobs = [open(f"icons/{n}x{n}.png", "rb").read() for n in sizes]
offset = 6 + 16 * len(sizes)
out = struct.pack("<HHH", 0, 1, len(sizes))
for n, blob in zip(sizes, blobs):
    out += struct.pack("<BBBBHHII", n % 256, n % 256, 0, 0, 1, 32, len(blob), offset)
    offset += len(blob)
open("icon.ico", "wb").write(out + b"".join(blobs))
PY
echo "icons written"
