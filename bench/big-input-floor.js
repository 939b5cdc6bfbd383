#!/usr/bin/env node
// The floor of reading a big file: `node bench/big-input-floor.js FILE` reads it whole and parses
// every document with js-yaml's core schema (the fastest correct YAML reader at hand), and prints
// one JSON line: the documents, the seconds to read and parse, and its own peak RSS.
'use strict';
const t0 = process.hrtime.bigint();
const fs = require('fs');
const yaml = require('js-yaml');

const text = fs.readFileSync(process.argv[2], 'utf-8');
const docs = yaml.loadAll(text, null, { schema: yaml.CORE_SCHEMA });
const out = {
  documents: docs.length,
  parse_s: Number(process.hrtime.bigint() - t0) / 1e9,
  maxrss_kib: process.resourceUsage().maxRSS,
};
process.stdout.write(JSON.stringify(out) + '\n');
