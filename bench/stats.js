// The figures' arithmetic, shared by bench/run.js (measuring) and bench/render.js (RESULTS.md).
'use strict';

/** The compared programs, in the order of every table. */
const PROGRAMS = ['ours', 'plus27', 'l1', 'floor'];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** a / b to 3 decimals, or null when either is missing. */
function ratio(a, b) {
  return typeof a === 'number' && typeof b === 'number' && b > 0 ? round(a / b, 3) : null;
}

function round(x, d = 2) {
  const k = 10 ** d;
  return Math.round(x * k) / k;
}

module.exports = { PROGRAMS, median, ratio, round };
