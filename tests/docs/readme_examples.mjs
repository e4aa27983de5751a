// The README's shell examples, run top to bottom as written against a real km-server (the doc
// test, CTest `docs.readme_examples`; the README's "The README's examples are tested"). The rules:
//
// - Every ```sh block of README.md runs, in README order, in one bash shell, unless the line
//   just before it (blank lines aside) is `<!-- doc-test: skip (why) -->`. A skip needs its why.
// - The shell runs in a temporary folder laid out like the repository root after
//   `bash scripts/run.sh`: `km-data/` is a fresh store loaded the way run.sh loads it (with
//   `km-data/demo-tokens.tsv`), `data/` and `web/` are the repository's, and
//   `build/{indexer,server,eval}/` hold the binaries under test. km-server serves that store on
//   127.0.0.1 and a free port; `127.0.0.1:8080` and `--port 8080` in the blocks name that port.
// - Every command must exit 0 (bash, with pipefail). Every `curl` must be answered 2xx, unless
//   the comment after the command begins with a status (`# 400 ...`): then its last curl must
//   be answered that status.
// - A comment after a command that holds a JSON object (`# {"status":"ok"}`, or
//   `# "did_you_mean": "router"`) is checked loosely against the last curl answer so far:
//   every key it names must be there, strings and true/false/null must be equal (a string with
//   `...` in it matches its pieces, in order), a number only says "a number", `...` / `..`
//   stand for anything, and the elements of an array must match elements of the answer's in
//   the same order (others may come between).
//   A ```json block after `<!-- doc-test: answer of the command above -->` is checked the same
//   way against the last curl answer before it.
// - A failure names the README line and stops the run; the server is stopped and the folder
//   removed in every case.
//
// Environment: KM_INDEXER_BIN, KM_SERVER_BIN, KM_EVAL_BIN, KM_SOURCE_DIR (the repository root),
// KM_README (default README.md in KM_SOURCE_DIR). `node readme_examples.mjs --list` prints what
// would run and what is skipped, without running anything.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SOURCE_DIR = resolve(process.env.KM_SOURCE_DIR || join(here, '..', '..'));
const README = resolve(process.env.KM_README || join(SOURCE_DIR, 'README.md'));
const BIN = {
  indexer: resolve(process.env.KM_INDEXER_BIN || join(SOURCE_DIR, 'build', 'indexer', 'km-indexer')),
  server: resolve(process.env.KM_SERVER_BIN || join(SOURCE_DIR, 'build', 'server', 'km-server')),
  eval: resolve(process.env.KM_EVAL_BIN || join(SOURCE_DIR, 'build', 'eval', 'km-eval')),
};
const DEADLINE_MS = 60_000;        // the whole run (about 15 s); CTest's timeout is longer, so we clean up
const CURL_MAX_SECONDS = 20;       // any one curl

// ---------------------------------------------------------------------------------------------
// Reading the README

const MARKER = /^<!--\s*doc-test:\s*(.*?)\s*-->$/;

// The fenced blocks, each {lang, line (of the opening fence), lines: [{n, text}], marker}.
export function readBlocks(text) {
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const block = { lang: open[1], line: i + 1, lines: [], marker: null };
    let j = i - 1;
    while (j >= 0 && lines[j].trim() === '') j--;
    const marker = j >= 0 ? MARKER.exec(lines[j].trim()) : null;
    if (marker) block.marker = { text: marker[1], line: j + 1 };
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) block.lines.push({ n: i + 1, text: lines[i] });
    blocks.push(block);
  }
  // A marker that governs no block is a mistake (a typo, or a block moved away from it).
  const governed = new Set(blocks.filter((b) => b.marker).map((b) => b.marker.line));
  lines.forEach((line, k) => {
    if (MARKER.test(line.trim()) && !governed.has(k + 1)) throw new Error(`${README}:${k + 1}: a doc-test marker with no fenced block after it`);
  });
  return blocks;
}

// What to do with a block: {action: 'run'|'skip'|'answer'|'ignore', why}.
export function classify(block) {
  const m = block.marker?.text;
  if (block.lang === 'sh') {
    if (!m) return { action: 'run' };
    const skip = /^skip\s*\((.+)\)$/.exec(m);
    if (skip) return { action: 'skip', why: skip[1] };
    throw new Error(`README.md:${block.marker.line}: unknown doc-test marker "${m}" (use "skip (why)")`);
  }
  if (!m) return { action: 'ignore' };
  if (block.lang === 'json' && /^answer of the command above$/.test(m)) return { action: 'answer' };
  throw new Error(`README.md:${block.marker.line}: doc-test marker "${m}" on a \`\`\`${block.lang} block`);
}

// Where an unquoted shell comment starts in a line (-1 if none), and the quote state after it.
function commentStart(line, state) {
  let quote = state.quote;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") { if (c === "'") quote = ''; continue; }
    if (quote === '"') { if (c === '\\') i++; else if (c === '"') quote = ''; continue; }
    if (c === '\\') { i++; continue; }
    if (c === "'" || c === '"') { quote = c; continue; }
    if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) { state.quote = quote; return i; }
  }
  state.quote = quote;
  return -1;
}

// The commands of a block: {line, text, comment}. A command runs on over lines ending in `\`
// and over a here-document; comment lines right after a command belong to its comment.
export function splitCommands(block) {
  const out = [];
  const lines = block.lines;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].text;
    if (text.trim() === '') continue;
    if (text.trim().startsWith('#')) {
      const last = out[out.length - 1];
      if (last && last.open) last.comment += '\n' + text.trim().replace(/^#\s?/, '');
      continue;
    }
    out.forEach((c) => { c.open = false; });
    const cmd = { line: lines[i].n, text: text, comment: '', open: true };
    const state = { quote: '' };
    const addComment = (t) => {
      const at = commentStart(t, state);
      if (at >= 0) cmd.comment += (cmd.comment ? ' ' : '') + t.slice(at + 1).trim();
    };
    addComment(text);
    let current = text;
    while (/\\\s*$/.test(current.replace(/\s#.*$/, '')) && i + 1 < lines.length) {
      current = lines[++i].text;
      cmd.text += '\n' + current;
      addComment(current);
    }
    const heredoc = /<<-?\s*['"]?(\w+)['"]?/.exec(cmd.text);
    if (heredoc) {
      while (i + 1 < lines.length) {
        cmd.text += '\n' + lines[++i].text;
        if (lines[i].text.trim() === heredoc[1]) break;
      }
    }
    out.push(cmd);
  }
  for (const c of out) {
    c.comment = c.comment.trim();
    delete c.open;
  }
  return out;
}

// What a command's comment expects: {status (number|null), json (pattern text|null)}.
export function expectation(comment) {
  let rest = comment.trim();
  let status = null;
  const s = /^([1-5]\d\d)\b\s*/.exec(rest);
  if (s) { status = Number(s[1]); rest = rest.slice(s[0].length); }
  let json = null;
  if (rest.startsWith('{')) json = balanced(rest);
  else if (/^"[\w.-]+"\s*:/.test(rest)) json = `{${rest.split(/\s+#|;|\s+-\s/)[0]}}`;
  return { status, json };
}

// The first balanced {...} of a text (strings respected).
function balanced(text) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) { if (c === '\\') i++; else if (c === '"') inString = false; continue; }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') { depth--; if (depth === 0) return text.slice(0, i + 1); }
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Loose JSON patterns: JSON plus `...`/`..`/`…` for "anything" and `{"key"}` for "key present".

const ANY = Symbol('any');
const PRESENT = Symbol('present');

export function parsePattern(text) {
  let i = 0;
  const fail = (what) => { throw new Error(`${what} at character ${i} of ${JSON.stringify(text.slice(0, 200))}`); };
  const ws = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  const ellipsis = () => {
    ws();
    const m = /^(\.{2,3}|…)/.exec(text.slice(i));
    if (m) { i += m[0].length; return true; }
    return false;
  };
  const string = () => {
    let out = '';
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') { out += JSON.parse(`"${text.slice(i, i + (text[i + 1] === 'u' ? 6 : 2))}"`); i += text[i + 1] === 'u' ? 6 : 2; } else out += text[i++];
    }
    if (text[i] !== '"') fail('an unterminated string');
    i++;
    return out;
  };
  const value = () => {
    ws();
    if (ellipsis()) return ANY;
    const c = text[i];
    if (c === '{') {
      i++;
      const obj = new Map();
      for (;;) {
        ws();
        if (text[i] === '}') { i++; return { object: obj }; }
        if (ellipsis()) { /* other members */ } else if (text[i] === '"') {
          const key = string();
          ws();
          if (text[i] === ':') { i++; obj.set(key, value()); } else obj.set(key, PRESENT);
        } else fail('a key');
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') fail('"," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const arr = [];
      for (;;) {
        ws();
        if (text[i] === ']') { i++; return { array: arr }; }
        const v = value();
        if (v !== ANY) arr.push(v);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') fail('"," or "]"');
      }
    }
    if (c === '"') return { string: string() };
    const lit = /^(true|false|null|-?\d+(\.\d+)?([eE][-+]?\d+)?)/.exec(text.slice(i));
    if (!lit) fail('a value');
    i += lit[0].length;
    return /^-?\d/.test(lit[0]) ? { number: Number(lit[0]) } : { literal: JSON.parse(lit[0]) };
  };
  const v = value();
  ws();
  if (i < text.length) fail('text after the value');
  return v;
}

// Why `actual` does not match `pattern`, or null when it does.
export function mismatch(pattern, actual, path = '') {
  const where = path || 'the answer';
  if (pattern === ANY || pattern === PRESENT) return null;
  if (pattern.object) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${where} is not an object`;
    for (const [key, p] of pattern.object) {
      if (!(key in actual)) return `${where} has no "${key}" (it has ${Object.keys(actual).join(', ')})`;
      const why = mismatch(p, actual[key], `${path}.${key}`);
      if (why) return why;
    }
    return null;
  }
  if (pattern.array) {
    if (!Array.isArray(actual)) return `${where} is not an array`;
    let from = 0;
    for (const [k, p] of pattern.array.entries()) {
      const reasons = actual.map((a) => mismatch(p, a, `${path}[]`));
      const at = reasons.indexOf(null, from);
      if (at >= 0) { from = at + 1; continue; }
      if (reasons.includes(null)) return `${where}: the README's element ${k + 1} comes before element ${k} in the answer (the README gives their order)`;
      return `no element of ${where} matches the README's element ${k + 1}${reasons.length ? ` (first element: ${reasons[0]})` : ' (the array is empty)'}`;
    }
    return null;
  }
  if ('string' in pattern) {
    if (typeof actual !== 'string') return `${where} is ${JSON.stringify(actual)}, not a string`;
    const pieces = pattern.string.split(/\.{3}|…/);
    if (pieces.length === 1) return actual === pattern.string ? null : `${where} is ${JSON.stringify(actual)}, the README says ${JSON.stringify(pattern.string)}`;
    let at = 0;
    for (const [k, piece] of pieces.entries()) {
      const found = k === 0 ? (actual.startsWith(piece) ? 0 : -1) : actual.indexOf(piece, at);
      if (found < 0) return `${where} is ${JSON.stringify(actual)}, the README says ${JSON.stringify(pattern.string)}`;
      at = found + piece.length;
    }
    return null;
  }
  if ('number' in pattern) return typeof actual === 'number' ? null : `${where} is ${JSON.stringify(actual)}, not a number`;
  return actual === pattern.literal ? null : `${where} is ${JSON.stringify(actual)}, the README says ${JSON.stringify(pattern.literal)}`;
}

// ---------------------------------------------------------------------------------------------
// The shell script

const PRELUDE = String.raw`
set -o pipefail
__doc_fail() { printf '%s\n' "$*" > "$__DOC_DIR/failure"; exit 1; }
# Every curl is recorded (status, answer) for the command that runs it; it still prints the
# answer on stdout, so pipes and redirections in the examples work as written.
curl() {
  local body="$__DOC_DIR/answers/$__DOC_CMD.$BASHPID.$RANDOM" code rc
  code=$(command curl --max-time ${CURL_MAX_SECONDS} -o "$body" -w '%{http_code}' "$@"); rc=$?
  printf '%s\t%s\t%s\t%s\n' "$__DOC_CMD" "$code" "$rc" "$body" >> "$__DOC_DIR/calls"
  [ -f "$body" ] && cat "$body"
  return $rc
}
__doc_begin() { __DOC_CMD=$1; printf '\n$ README.md:%s\n' "$1"; }
# $1 exit code, $2 README line, $3 expected status of the last curl ('' = every curl 2xx),
# $4 JSON pattern file ('' = none)
__doc_end() {
  local rc=$1 line=$2 want=$3 pattern=$4 cmd code crc body last_body="" last_code="" n=0 total
  [ "$rc" -eq 0 ] || __doc_fail "README.md:$line: the command exited $rc"
  total=$(awk -F'\t' -v c="$line" '$1 == c' "$__DOC_DIR/calls" 2>/dev/null | wc -l)
  while IFS=$'\t' read -r cmd code crc body; do
    [ "$cmd" = "$line" ] || continue
    n=$((n + 1))
    if [ -n "$want" ] && [ "$n" -eq "$total" ]; then
      [ "$code" = "$want" ] || __doc_fail "README.md:$line: curl was answered $code, the comment says $want: $(head -c 400 "$body" 2>/dev/null)"
    else
      case "$code" in 2??) ;; *) __doc_fail "README.md:$line: curl was answered $code, not 2xx: $(head -c 400 "$body" 2>/dev/null)";; esac
    fi
    last_body=$body
  done < <(cat "$__DOC_DIR/calls" 2>/dev/null)
  [ -z "$want" ] || [ "$n" -gt 0 ] || __doc_fail "README.md:$line: the comment gives a status, but the command ran no curl"
  [ "$n" -eq 0 ] || printf '%s\n' "$last_body" > "$__DOC_DIR/last_answer"
  if [ -n "$pattern" ]; then __doc_json "$line" "$pattern"; fi
}
# $1 README line, $2 pattern file: the last curl's answer so far against the pattern.
__doc_json() {
  local answer
  answer=$(cat "$__DOC_DIR/last_answer" 2>/dev/null)
  [ -n "$answer" ] || __doc_fail "README.md:$1: the README shows an answer, but no curl ran"
  "$__DOC_NODE" "$__DOC_SELF" --match "$2" "$answer" "$1" > "$__DOC_DIR/match" 2>&1 || __doc_fail "$(cat "$__DOC_DIR/match")"
}
`.replace('${CURL_MAX_SECONDS}', String(CURL_MAX_SECONDS));

const quote = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;

export function buildScript(blocks, port, dir) {
  const parts = [PRELUDE];
  const report = { run: [], skipped: [], commands: 0, checks: 0 };
  for (const block of blocks) {
    const what = classify(block);
    if (what.action === 'skip') report.skipped.push({ line: block.line, why: what.why });
    if (what.action === 'answer') {
      const file = join(dir, `pattern.${block.line}`);
      const text = block.lines.map((l) => l.text).join('\n');
      try { parsePattern(text); } catch (err) { throw new Error(`README.md:${block.line}: the JSON answer cannot be read: ${err.message}`); }
      writeFileSync(file, text);
      parts.push(`__doc_json ${block.line} ${quote(file)}`);
      report.checks++;
    }
    if (what.action !== 'run') continue;
    report.run.push(block.line);
    for (const cmd of splitCommands(block)) {
      const want = expectation(cmd.comment);
      let patternFile = '';
      if (want.json) {
        try { parsePattern(want.json); } catch (err) { throw new Error(`README.md:${cmd.line}: the comment's JSON cannot be read: ${err.message}`); }
        patternFile = join(dir, `pattern.${cmd.line}`);
        writeFileSync(patternFile, want.json);
        report.checks++;
      }
      const text = cmd.text.replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`).replace(/--port 8080\b/g, `--port ${port}`);
      parts.push(`__doc_begin ${cmd.line}`, text, `__doc_end $? ${cmd.line} ${quote(want.status ?? '')} ${quote(patternFile)}`);
      report.commands++;
    }
  }
  parts.push('echo; echo "doc test: every command ran as the README says"');
  return { script: parts.join('\n') + '\n', report };
}

// ---------------------------------------------------------------------------------------------
// The store and the server

// scripts/run.sh's loading steps, in a folder laid out like the repository root.
function loadSample(root) {
  const db = join(root, 'km-data');
  const run = (args, ok = [0], stdoutFile) => {
    const r = spawnSync(BIN.indexer, args, { cwd: SOURCE_DIR, encoding: 'utf8', timeout: 30_000 });
    if (r.error) throw r.error;
    if (!ok.includes(r.status)) throw new Error(`km-indexer ${args.join(' ')} exited ${r.status}:\n${r.stderr}${r.stdout}`);
    if (stdoutFile) writeFileSync(stdoutFile, r.stdout);
  };
  run(['taxonomy', 'import', '--db', db, '--scheme', 'shared', '--title', 'Shared support taxonomy', 'data/taxonomies/shared.csv']);
  run(['taxonomy', 'import', '--db', db, '--scheme', 'client', '--org', 'client', '--title', 'Brightline Telecom taxonomy', 'data/taxonomies/client.csv']);
  run(['taxonomy', 'import', '--db', db, '--scheme', 'partner', '--org', 'partner', '--title', 'Helix Contact Services taxonomy', 'data/taxonomies/partner.csv']);
  run(['taxonomy', 'mappings', '--db', db, 'data/alignment.csv']);
  run(['taxonomy', 'routing', '--db', db, 'data/routing.csv']);
  run(['ingest', '--db', db, 'data/items'], [0, 1]);   // 1: some records rejected, as in run.sh
  run(['users', 'import', '--db', db, 'data/users.json', '--tokens'], [0], join(db, 'demo-tokens.tsv'));
  for (const [name, bin] of [['indexer', BIN.indexer], ['server', BIN.server], ['eval', BIN.eval]]) {
    mkdirSync(join(root, 'build', name), { recursive: true });
    symlinkSync(bin, join(root, 'build', name, `km-${name}`));
  }
  symlinkSync(join(SOURCE_DIR, 'data'), join(root, 'data'));
  symlinkSync(join(SOURCE_DIR, 'web'), join(root, 'web'));
  return db;
}

function startServer(root, db, log) {
  return new Promise((resolveStart, rejectStart) => {
    const server = spawn(BIN.server, ['--db', db, '--port', '0', '--web-dir', join(root, 'web')],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => rejectStart(new Error(`km-server did not listen in 15 s:\n${log.join('\n')}`)), 15_000);
    let pending = '';
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        log.push(line);
        if (log.length > 200) log.shift();
        const m = /event=listening url=http:\/\/127\.0\.0\.1:(\d+)\//.exec(line);
        if (m) { clearTimeout(timer); resolveStart({ server, port: Number(m[1]) }); }
      }
    });
    server.once('error', (err) => { clearTimeout(timer); rejectStart(err); });
    server.once('exit', (code, signal) => { clearTimeout(timer); rejectStart(new Error(`km-server exited (${code ?? signal}) before listening:\n${log.join('\n')}`)); });
  });
}

async function stopServer(server) {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((done) => server.once('exit', done));
  server.kill('SIGTERM');
  let timer;
  const stopped = await Promise.race([exited.then(() => true), new Promise((r) => { timer = setTimeout(() => r(false), 5_000); })]);
  clearTimeout(timer);
  if (!stopped) { server.kill('SIGKILL'); await exited; }
}

function runShell(root, dir, scriptFile, outFile, timeoutMs) {
  return new Promise((done) => {
    const env = {
      PATH: process.env.PATH, HOME: root, LANG: 'C.UTF-8', TMPDIR: dir,
      __DOC_DIR: dir, __DOC_NODE: process.execPath, __DOC_SELF: fileURLToPath(import.meta.url),
    };
    // Its own process group, so a timeout stops whatever the examples started too.
    const shell = spawn('bash', ['--noprofile', '--norc', scriptFile], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    shell.stdout.on('data', (d) => out.push(d));
    shell.stderr.on('data', (d) => out.push(d));
    const timer = setTimeout(() => { try { process.kill(-shell.pid, 'SIGKILL'); } catch { /* gone */ } }, timeoutMs);
    shell.once('exit', (code, signal) => {
      clearTimeout(timer);
      writeFileSync(outFile, Buffer.concat(out));
      done({ code, signal });
    });
  });
}

async function main() {
  const started = Date.now();
  const blocks = readBlocks(readFileSync(README, 'utf8'));
  if (process.argv[2] === '--list') {
    const listDir = mkdtempSync(join(tmpdir(), 'km-doc-list-'));
    const { report } = buildScript(blocks, 8080, listDir);
    rmSync(listDir, { recursive: true, force: true });
    for (const b of blocks.filter((x) => x.lang === 'sh')) {
      const s = report.skipped.find((k) => k.line === b.line);
      console.log(`README.md:${b.line}: ${s ? `skipped (${s.why})` : 'runs'}`);
      if (!s) for (const c of splitCommands(b)) console.log(`  ${c.line}: ${c.text.split('\n')[0].slice(0, 90)}${c.comment ? `   # expects ${JSON.stringify(expectation(c.comment))}` : ''}`);
    }
    return 0;
  }
  const root = mkdtempSync(join(tmpdir(), 'km-doc-test-'));
  const dir = join(root, '.doc-test');
  mkdirSync(join(dir, 'answers'), { recursive: true });
  let server = null;
  const log = [];
  const cleanup = () => {
    if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => { cleanup(); process.exit(1); });
  try {
    const db = loadSample(root);
    const listening = await startServer(root, db, log);
    server = listening.server;
    const { port } = listening;
    const { script, report } = buildScript(blocks, port, dir);
    const scriptFile = join(dir, 'script.sh');
    writeFileSync(scriptFile, script);
    const outFile = join(dir, 'output');
    const left = DEADLINE_MS - (Date.now() - started);
    const { code, signal } = await runShell(root, dir, scriptFile, outFile, left);
    const output = readFileSync(outFile, 'utf8');
    let failure = '';
    try { failure = readFileSync(join(dir, 'failure'), 'utf8').trim(); } catch { /* none */ }
    const summary = `${report.commands} commands in ${report.run.length} blocks (README lines ${report.run.join(', ')}), `
      + `${report.checks} answers checked against the README; ${report.skipped.length} blocks skipped:\n`
      + report.skipped.map((s) => `  README.md:${s.line}: ${s.why}`).join('\n');
    if (code === 0 && !failure) {
      console.log(`doc test passed in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary}`);
      return 0;
    }
    console.error(output.split('\n').slice(-60).join('\n'));
    console.error('--- km-server log (last lines) ---\n' + log.slice(-30).join('\n'));
    console.error(`\nDOC TEST FAILED: ${failure || (signal ? `the examples were stopped after ${(left / 1000).toFixed(0)} s (${signal})` : `the shell exited ${code}`)}`);
    console.error(summary);
    return 1;
  } finally {
    await stopServer(server);
    rmSync(root, { recursive: true, force: true });
  }
}

// `--match PATTERN_FILE ANSWER_FILE LINE`: one loose comparison, for the shell's __doc_json.
function matchMode([patternFile, answerFile, line]) {
  const pattern = parsePattern(readFileSync(patternFile, 'utf8'));
  const text = readFileSync(answerFile, 'utf8');
  let actual;
  try { actual = JSON.parse(text); } catch { console.log(`README.md:${line}: the answer is not JSON: ${text.slice(0, 300)}`); return 1; }
  const why = mismatch(pattern, actual);
  if (!why) return 0;
  console.log(`README.md:${line}: the answer does not match the README: ${why}\n  answer: ${text.slice(0, 600)}`);
  return 1;
}

if (process.argv[2] === '--match') process.exitCode = matchMode(process.argv.slice(3));
else main().then((code) => { process.exitCode = code; }, (err) => { console.error(`DOC TEST FAILED: ${err.stack ?? err}`); process.exitCode = 1; });
