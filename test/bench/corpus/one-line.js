// A single-line text of 144 MB, as real trees hold: aws-cdk-lib ships its type system as
// one-line JSON (`.jsii`, and `.jsii.gz` that inflates to 144 MB). Generated here as a
// jsii-like assembly (types with names, docs and type references; property names such as
// secretAccessKey and password, and AWS's documented example key id, as real docs have),
// stored plain and as a gzip member, each in a node_modules-like tree. Near the end, one
// fake AWS key pair (random, drawn when the corpus is built, never committed) whose line and
// column the case checks in the report.
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { prng, stampOk, writeStamp } from './util.js';

const ONE_LINE = { bytes: 144e6, recipe: ':one-line-1' };

const MODULES = ['aws_s3', 'aws_iam', 'aws_lambda', 'aws_ec2', 'aws_rds', 'aws_secretsmanager', 'aws_kms', 'aws_sqs', 'aws_sns', 'aws_dynamodb', 'aws_ecs', 'aws_apigateway', 'aws_logs', 'aws_stepfunctions'];
const NOUNS = ['Bucket', 'Role', 'Function', 'Vpc', 'Instance', 'Cluster', 'Secret', 'Key', 'Queue', 'Topic', 'Table', 'RestApi', 'LogGroup', 'StateMachine', 'Policy', 'User', 'AccessKey', 'Endpoint'];
const SUFFIXES = ['', 'Props', 'Attributes', 'Options', 'Base', 'Reference'];
const PROPS = ['bucketName', 'roleArn', 'functionName', 'vpcId', 'encryptionKey', 'secretName', 'secretStringValue', 'accessKeyId', 'secretAccessKey', 'sessionToken', 'password', 'masterUsername', 'removalPolicy', 'timeout', 'memorySize', 'logRetention', 'environment', 'securityGroups', 'tokenValidity', 'apiKey', 'description', 'principal', 'actions', 'resources'];
const TYPES = [{ primitive: 'string' }, { primitive: 'number' }, { primitive: 'boolean' }, { fqn: 'aws-cdk-lib.Duration' }, { fqn: 'aws-cdk-lib.aws_kms.IKey' }, { fqn: 'aws-cdk-lib.SecretValue' }, { collection: { elementtype: { primitive: 'string' }, kind: 'array' } }];
const WORDS = 'the a resource construct stack property default value role policy secret key access token grant permission region account encryption bucket function deployment when is not specified new will be created for this of to and which used by service stored rotation'.split(' ');

function sentence(rand, n) {
  const w = [];
  for (let i = 0; i < n; i++) w.push(WORDS[Math.floor(rand() * WORDS.length)]);
  const s = w.join(' ');
  return `${s[0].toUpperCase()}${s.slice(1)}.`;
}

/** One jsii type entry: `"fqn":{…}`. */
function typeEntry(rand, i, example) {
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const mod = pick(MODULES);
  const name = `${pick(NOUNS)}${pick(SUFFIXES)}`;
  const file = `${mod.slice(4).replace(/_/g, '-')}/lib/${name.toLowerCase()}.generated.ts`;
  const properties = [];
  for (let p = 0, n = 2 + Math.floor(rand() * 6); p < n; p++) {
    properties.push({
      abstract: true,
      docs: { default: `- ${sentence(rand, 3)}`, summary: sentence(rand, 6 + Math.floor(rand() * 12)) },
      immutable: true,
      locationInModule: { filename: file, line: 100 + Math.floor(rand() * 5000) },
      name: pick(PROPS),
      optional: rand() < 0.6,
      type: pick(TYPES),
    });
  }
  const fqn = `aws-cdk-lib.${mod}.${name}`;
  const docs = { stability: 'stable', summary: sentence(rand, 8), remarks: sentence(rand, 20 + Math.floor(rand() * 30)) };
  if (example) docs.example = example;
  const entry = { assembly: 'aws-cdk-lib', docs, fqn, kind: 'interface', locationInModule: { filename: file, line: 1 + i }, name, properties, symbolId: `${file}:${name}` };
  return `${JSON.stringify(fqn)}:${JSON.stringify(entry)}`;
}

/**
 * ~1 MB of entries, each followed by a comma; repeated to make the file. Duplicate keys are
 * legal JSON, and the scan's cost does not depend on their being unique.
 */
function block(rand) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < 1 << 20; i++) {
    const example = i === 7 ? "const key = new iam.AccessKey(this, 'Key', { user }); // id looks like AKIAIOSFODNN7EXAMPLE" : undefined;
    const e = `${typeEntry(rand, i, example)},`;
    parts.push(e);
    size += e.length;
  }
  return parts.join('');
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function entropy(s) {
  const counts = new Map();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** A random new-style key id (account encoded in it) and secret, of the shape the rules report. */
export function fakeKeyPair() {
  for (;;) {
    // 10 bytes: bit 47 set (new style), the account in bits 7..46, the rest random.
    const account = 100000000000n + BigInt(randomInt(800000000000));
    let v = (1n << 47n) | (account << 7n) | BigInt(randomInt(128));
    v = (v << 32n) | BigInt(randomInt(2 ** 32 - 1));
    let tail = '';
    for (let i = 15; i >= 0; i--) tail += BASE32[Number((v >> BigInt(i * 5)) & 31n)];
    const keyId = `AKIA${tail}`;
    let secret = '';
    for (let i = 0; i < 40; i++) secret += B64[randomInt(64)];
    const plain = !/(.)\1\1/.test(keyId) && entropy(keyId) > 3.2 && entropy(secret) > 4.5;
    if (plain && /[A-Z]/.test(secret) && /[a-z]/.test(secret) && /[0-9]/.test(secret)) return { keyId, secret };
  }
}

/** Writes the one-line file; returns its size and the 1-based column of the fake key id. */
function writeOneLine(file) {
  const rand = prng(0x6a736969);
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  const put = (s) => {
    bytes += fs.writeSync(fd, s);
  };
  try {
    put('{"author":{"name":"Amazon Web Services","organization":true,"roles":["author"],"url":"https://aws.amazon.com"},');
    put('"description":"Version 2 of the AWS Cloud Development Kit library","jsiiVersion":"5.4.0","name":"aws-cdk-lib","types":{');
    const b = block(rand);
    const pair = fakeKeyPair();
    const tailExample = `const creds = { accessKeyId: '${pair.keyId}', secretAccessKey: '${pair.secret}' };`;
    const last = `${typeEntry(rand, 1, tailExample)}},"version":"2.150.0"}`;
    while (bytes + b.length + last.length < ONE_LINE.bytes) put(b);
    const column = bytes + last.indexOf(pair.keyId) + 1; // ASCII: bytes = characters
    put(last);
    return { bytes, column, keyId: pair.keyId };
  } finally {
    fs.closeSync(fd);
  }
}

/** A small package around the big member, as in node_modules/aws-cdk-lib. */
function packageDir(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'aws-cdk-lib', version: '2.150.0', main: 'index.js' }, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'index.js'), "'use strict';\nmodule.exports = require('./core');\n");
  return dir;
}

/**
 * .bench/one-line/{plain,gz}/node_modules/aws-cdk-lib/ holding `.jsii` (plain) or `.jsii.gz`.
 * Returns { plainDir, gzDir, plainFile, gzFile, bytes (inflated), gzBytes, expect: { line, column, keyId } }.
 */
export async function ensureOneLine(benchDir, log) {
  const root = path.join(benchDir, 'one-line');
  const stamp = path.join(benchDir, 'one-line.stamp');
  const metaFile = path.join(root, 'meta.json');
  const plainDir = path.join(root, 'plain');
  const gzDir = path.join(root, 'gz');
  const plainFile = path.join(plainDir, 'node_modules', 'aws-cdk-lib', '.jsii');
  const gzFile = path.join(gzDir, 'node_modules', 'aws-cdk-lib', '.jsii.gz');
  if (!(stampOk(stamp, ONE_LINE.recipe) && fs.existsSync(metaFile) && fs.existsSync(plainFile) && fs.existsSync(gzFile))) {
    const t0 = Date.now();
    log('building .bench/one-line (once; cached) …');
    fs.rmSync(root, { recursive: true, force: true });
    packageDir(path.dirname(plainFile));
    packageDir(path.dirname(gzFile));
    const { bytes, column, keyId } = writeOneLine(plainFile);
    await pipeline(fs.createReadStream(plainFile), zlib.createGzip({ level: 6 }), fs.createWriteStream(gzFile));
    fs.writeFileSync(metaFile, `${JSON.stringify({ bytes, expect: { line: 1, column, keyId } })}\n`);
    writeStamp(stamp, ONE_LINE.recipe);
    log(`  ${(bytes / 1e6).toFixed(0)} MB on one line, gzip ${(fs.statSync(gzFile).size / 1e6).toFixed(1)} MB, built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
  return { plainDir, gzDir, plainFile, gzFile, bytes: meta.bytes, gzBytes: fs.statSync(gzFile).size, expect: meta.expect };
}
