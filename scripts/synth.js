#!/usr/bin/env node
// `npm run synth` and `cdk8s synth` (cdk8s.yaml `app:`): runs src/main.ts through the swc
// hook, so a fresh checkout synthesizes without a tsc build. CDK8S_OUTDIR picks the output
// folder (cdk8s synth sets it); the default is dist/.
'use strict';
process.env.CDK8S_CHECK_UPGRADE = process.env.CDK8S_CHECK_UPGRADE || 'false';
require('./_register');
require('../src/main.ts').main();
