/**
 * A file written in pieces of about 32 KiB. Synth writes files of many megabytes; built as one
 * string, each would be allocated straight into the old generation of the heap (strings that
 * size do not fit the young one) and raise the peak memory of the whole synth.
 */
import * as fs from 'fs';

const PIECE = 32_768;

/** Opens (creates or truncates) `file`, hands `fill` a `write` function, and closes it. */
export function writeInPieces(file: string, fill: (write: (text: string) => void) => void): void {
  const fd = fs.openSync(file, 'w');
  try {
    let pending = '';
    fill((text) => {
      pending += text;
      if (pending.length >= PIECE) {
        fs.writeSync(fd, pending);
        pending = '';
      }
    });
    if (pending) fs.writeSync(fd, pending);
  } finally {
    fs.closeSync(fd);
  }
}
