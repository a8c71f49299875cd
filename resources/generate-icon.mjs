// Draws resources/icon.png: a bright "V" on a dark rounded square, 512x512 RGBA.
// Run with `node resources/generate-icon.mjs` after changing the colours or the shape.
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const SIZE = 512
const RADIUS = 96
const BACKGROUND = [11, 14, 20]
const MARK = [56, 225, 160]
const STROKE = 56
// The V: two strokes meeting at the bottom, like a check mark that is sure of itself.
const STROKES = [
  [136, 140, 256, 380],
  [376, 140, 256, 380],
]

function distanceToSegment(px, py, [ax, ay, bx, by]) {
  const dx = bx - ax
  const dy = by - ay
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy))
}

// Coverage of the rounded square at a pixel centre, 0..1, with one pixel of anti-aliasing.
function squareCoverage(x, y) {
  const cx = Math.min(Math.max(x, RADIUS), SIZE - RADIUS)
  const cy = Math.min(Math.max(y, RADIUS), SIZE - RADIUS)
  return Math.max(0, Math.min(1, RADIUS - Math.hypot(x - cx, y - cy) + 0.5))
}

const rows = []
for (let y = 0; y < SIZE; y++) {
  const row = Buffer.alloc(1 + SIZE * 4)
  for (let x = 0; x < SIZE; x++) {
    const px = x + 0.5
    const py = y + 0.5
    const distance = Math.min(...STROKES.map((s) => distanceToSegment(px, py, s)))
    const mark = Math.max(0, Math.min(1, STROKE / 2 - distance + 0.5))
    const alpha = squareCoverage(px, py)
    const offset = 1 + x * 4
    for (let c = 0; c < 3; c++) {
      row[offset + c] = Math.round(BACKGROUND[c] * (1 - mark) + MARK[c] * mark)
    }
    row[offset + 3] = Math.round(alpha * 255)
  }
  rows.push(row)
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(buffer) {
  let c = 0xffffffff
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

const header = Buffer.alloc(13)
header.writeUInt32BE(SIZE, 0)
header.writeUInt32BE(SIZE, 4)
header[8] = 8 // bits per channel
header[9] = 6 // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
])
writeFileSync(new URL('./icon.png', import.meta.url), png)
console.log(`resources/icon.png: ${SIZE}x${SIZE}, ${png.length} bytes`)
