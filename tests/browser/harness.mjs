// What the browser tests share: a temporary store loaded with data/ the way scripts/run.sh
// does, km-server on 127.0.0.1 and a free port, and Debian's headless Chromium driven by
// playwright-core, with every request to another host blocked and recorded and every uncaught
// page error recorded. See README.md in this folder.
//
// Environment: KM_INDEXER_BIN, KM_SERVER_BIN, KM_SOURCE_DIR (the repository root),
// KM_CHROMIUM (default /usr/bin/chromium).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const SOURCE_DIR = resolve(process.env.KM_SOURCE_DIR || join(here, '..', '..'));
const INDEXER = resolve(process.env.KM_INDEXER_BIN || join(SOURCE_DIR, 'build', 'indexer', 'km-indexer'));
const SERVER = resolve(process.env.KM_SERVER_BIN || join(SOURCE_DIR, 'build', 'server', 'km-server'));
const CHROMIUM = process.env.KM_CHROMIUM || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const STEP_TIMEOUT = 10_000;        // any single wait on the page
export const TEST_TIMEOUT = 30_000;        // one numbered check
export const SETUP_TIMEOUT = 45_000;       // loading the data, starting the server and the browser

export function readJsonl(path) {
  return readFileSync(path, 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line));
}

// One server and one browser over a fresh copy of the sample data, for one test file.
export class Stack {
  // testClock: the server's request service reads the time from a file (config test_clock_file)
  // that setClock() rewrites, so a test can let requests fall overdue; it starts at the real time.
  constructor({ testClock = false } = {}) {
    this.testClock = testClock;
    this.clockFile = '';
    this.tmp = '';
    this.server = null;
    this.serverExit = null;
    this.serverLog = [];
    this.base = '';
    this.tokens = new Map();
    this.context = null;
    this.page = null;               // the first tab
    this.offHostRequests = [];
    this.pageErrors = [];
    this.failed = false;
    // Safety net should after() never run (a hard timeout): leave no server or files behind.
    process.once('exit', () => {
      if (this.server && this.server.exitCode === null && this.server.signalCode === null) this.server.kill('SIGKILL');
      if (this.tmp) rmSync(this.tmp, { recursive: true, force: true });
    });
  }

  async start() {
    this.tmp = mkdtempSync(join(tmpdir(), 'km-browser-'));
    const db = join(this.tmp, 'db');
    this.tokens = this.loadSampleData(db);
    if (this.testClock) {
      this.clockFile = join(this.tmp, 'clock');
      this.setClock(new Date());
    }
    this.base = await this.startServer(db);
    const profile = join(this.tmp, 'chromium-profile');
    mkdirSync(profile);
    this.context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 20_000, acceptDownloads: true,
    });
    // Only the test server may be reached; anything else is refused and reported.
    await this.context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      this.offHostRequests.push(url.href);
      return route.abort('blockedbyclient');
    });
    // A persistent context opens with one blank tab; it is the first tab.
    this.page = this.context.pages()[0] ?? await this.context.newPage();
    this.watch(this.page);
  }

  async stop() {
    try {
      await this.context?.close();
    } finally {
      await this.stopServer();
      if (this.failed) process.stderr.write(`--- km-server log (last lines) ---\n${this.serverLog.slice(-60).join('\n')}\n`);
      if (this.tmp) rmSync(this.tmp, { recursive: true, force: true });
    }
  }

  // The time the server's requests see from now on (with testClock only).
  setClock(date) {
    assert.ok(this.clockFile, 'setClock needs new Stack({ testClock: true })');
    writeFileSync(this.clockFile, `${date.toISOString().slice(0, 19)}Z\n`);
  }

  watch(p) {
    p.setDefaultTimeout(STEP_TIMEOUT);
    p.on('pageerror', (err) => this.pageErrors.push(`${p.url()}: ${err.stack ?? err.message}`));
    return p;
  }

  async newTab() {
    return this.watch(await this.context.newPage());
  }

  // A test step whose failure also prints the server's log tail in stop().
  step(name, fn) {
    test(name, { timeout: TEST_TIMEOUT }, async () => {
      try {
        await fn();
      } catch (err) {
        this.failed = true;
        throw err;
      }
    });
  }

  // The JSON API as a given demo user, for setting up data and for comparing with the page.
  async api(user, path, { method = 'GET', body } = {}) {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.tokens.get(user)}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error(`${method} ${path} as ${user}: ${response.status} ${text}`);
    return data;
  }

  // scripts/run.sh's loading steps, with the same relative paths from the repository root.
  loadSampleData(db) {
    const run = (args, { okCodes = [0], stdoutFile } = {}) => {
      const result = spawnSync(INDEXER, args, { cwd: SOURCE_DIR, encoding: 'utf8', timeout: 30_000 });
      if (result.error) throw result.error;
      if (!okCodes.includes(result.status)) {
        throw new Error(`km-indexer ${args.join(' ')} exited ${result.status}:\n${result.stderr}${result.stdout}`);
      }
      if (stdoutFile) writeFileSync(stdoutFile, result.stdout);
      return result.stdout;
    };
    run(['taxonomy', 'import', '--db', db, '--scheme', 'shared', '--title', 'Shared support taxonomy', 'data/taxonomies/shared.csv']);
    run(['taxonomy', 'import', '--db', db, '--scheme', 'client', '--org', 'client', '--title', 'Brightline Telecom taxonomy', 'data/taxonomies/client.csv']);
    run(['taxonomy', 'import', '--db', db, '--scheme', 'partner', '--org', 'partner', '--title', 'Helix Contact Services taxonomy', 'data/taxonomies/partner.csv']);
    run(['taxonomy', 'mappings', '--db', db, 'data/alignment.csv']);
    run(['taxonomy', 'routing', '--db', db, 'data/routing.csv']);
    run(['ingest', '--db', db, 'data/items'], { okCodes: [0, 1] });   // 1: some records rejected
    const tsvPath = join(this.tmp, 'tokens.tsv');
    run(['users', 'import', '--db', db, 'data/users.json', '--tokens'], { stdoutFile: tsvPath });
    const [header, ...rows] = readFileSync(tsvPath, 'utf8').trim().split('\n').map((line) => line.split('\t'));
    const userCol = header.indexOf('user');
    const tokenCol = header.indexOf('token');
    assert.ok(userCol >= 0 && tokenCol >= 0, `tokens.tsv header: ${header}`);
    return new Map(rows.map((row) => [row[userCol], row[tokenCol]]));
  }

  // Starts km-server and resolves with its base URL once it logs event=listening.
  startServer(db) {
    return new Promise((resolveStart, rejectStart) => {
      const env = this.clockFile ? { ...process.env, KM_TEST_CLOCK_FILE: this.clockFile } : process.env;
      this.server = spawn(SERVER, ['--port', '0', '--web-dir', join(SOURCE_DIR, 'web'), '--db', db],
        { cwd: this.tmp, env, stdio: ['ignore', 'ignore', 'pipe'] });
      this.serverExit = new Promise((done) => this.server.once('exit', (code, signal) => done({ code, signal })));
      const timer = setTimeout(() => rejectStart(new Error(`km-server did not listen in 15 s:\n${this.serverLog.join('\n')}`)), 15_000);
      let pending = '';
      this.server.stderr.setEncoding('utf8');
      // Keep reading for the whole run: an undrained pipe would block the server's access log.
      this.server.stderr.on('data', (chunk) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop();
        for (const line of lines) {
          this.serverLog.push(line);
          if (this.serverLog.length > 400) this.serverLog.shift();
          const match = /event=listening url=(http:\/\/127\.0\.0\.1:\d+)\//.exec(line);
          if (match) {
            clearTimeout(timer);
            resolveStart(match[1]);
          }
        }
      });
      this.server.once('error', (err) => { clearTimeout(timer); rejectStart(err); });
      this.server.once('exit', (code, signal) => {
        clearTimeout(timer);
        rejectStart(new Error(`km-server exited (${code ?? signal}) before listening:\n${this.serverLog.join('\n')}`));
      });
    });
  }

  async stopServer() {
    const server = this.server;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    server.kill('SIGTERM');
    let timer;
    const stopped = await Promise.race([this.serverExit, new Promise((r) => { timer = setTimeout(() => r(null), 5_000); })]);
    clearTimeout(timer);
    if (!stopped) {
      server.kill('SIGKILL');
      await this.serverExit;
    }
  }
}

export async function waitForSignedIn(p, name, org) {
  await p.locator('#whoami strong', { hasText: name }).waitFor();
  assert.equal(await p.locator('#whoami .badge.org').textContent(), org);
  assert.equal(await p.locator('#signin').isVisible(), false, 'the sign-in form should be gone');
  assert.equal(await p.locator('#q').isVisible(), true, 'the search box should be shown');
}

// The page scrolls sideways when the document is wider than the window.
export async function horizontalOverflow(p) {
  return p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

// Text nodes that read "null" or "undefined" (a value the page forgot to leave out).
export async function strayNulls(p) {
  return p.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (/\b(null|undefined|NaN)\b/.test(node.textContent)) out.push(node.textContent.trim().slice(0, 80));
    }
    return out;
  });
}
