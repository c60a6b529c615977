// The IPC contract, end to end: the commands api.ts calls, and the argument
// keys it sends, are the ones the Rust side registers (src-tauri/src/lib.rs,
// `tauri::generate_handler![...]`) and declares (src-tauri/src/commands.rs,
// `#[tauri::command]` functions). Tauri matches both by name at run time
// only, so a command or argument renamed on one side alone would otherwise
// fail in the window, not in a test.
import { describe, expect, it } from "vitest";
import libRs from "../../../src-tauri/src/lib.rs?raw";
import commandsRs from "../../../src-tauri/src/commands.rs?raw";
import apiTs from "./api.ts?raw";

/** Parameters Tauri fills in itself: the UI does not pass them. A
 * `Channel<...>` parameter is not one of them: the UI passes the channel. */
const INJECTED = new Set(["State", "AppHandle", "Window", "WebviewWindow", "Webview"]);

interface RustParam {
  name: string;
  type: string;
}
interface RustCommand {
  name: string;
  params: RustParam[];
  /** The keys the UI must send, in the declared order. */
  keys: string[];
}
interface UiCall {
  command: string;
  keys: string[];
  line: number;
}

/** `scan_id` -> `scanId`: how Tauri names a command's arguments by default. */
function camelCase(snake: string): string {
  const parts = snake.split("_").filter(Boolean);
  return parts.map((p, i) => (i === 0 ? p : p[0].toUpperCase() + p.slice(1))).join("");
}

/** The source with its comments, and the contents of its string and
 * character literals, blanked out: the same length, so offsets and line
 * numbers stay and the original text is read at them; brackets and commas
 * in what is left are code. Rust nests block comments, has raw strings and
 * `'a` lifetimes; TypeScript has `'` strings and template strings. */
function blankCommentsAndLiterals(src: string, lang: "rust" | "ts"): string {
  const out: string[] = [];
  const blank = (from: number, to: number) => out.push(src.slice(from, to).replace(/[^\n]/g, " "));
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const rest = () => src.slice(i, i + 400);
    if (c === "/" && src[i + 1] === "/") {
      const end = src.indexOf("\n", i);
      const stop = end === -1 ? src.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === "/" && src[i + 1] === "*") {
      let depth = 0;
      let j = i;
      do {
        if (src.startsWith("/*", j)) {
          depth += lang === "rust" || depth === 0 ? 1 : 0;
          j += 2;
        } else if (src.startsWith("*/", j)) {
          depth--;
          j += 2;
        } else j++;
      } while (depth > 0 && j < src.length);
      blank(i, j);
      i = j;
    } else if (lang === "rust" && /^(?:b?r)(#*)"/.test(rest()) && !/\w/.test(src[i - 1] ?? "")) {
      const [open, hashes] = /^(?:b?r)(#*)"/.exec(rest())!;
      const close = src.indexOf(`"${hashes}`, i + open.length);
      const stop = close === -1 ? src.length : close + 1 + hashes.length;
      out.push(src.slice(i, i + open.length));
      blank(i + open.length, stop - 1 - hashes.length);
      out.push(src.slice(stop - 1 - hashes.length, stop));
      i = stop;
    } else if (
      c === '"' ||
      (c === "`" && lang === "ts") ||
      (c === "'" && lang === "ts") ||
      (c === "'" && /^'(?:\\.[^']*|[^\\'\n])'/.test(rest()))
    ) {
      // A string, or a Rust character literal ('x', '\n', '\''); a Rust `'`
      // that is neither is a lifetime ('_, 'a) and stays.
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === "\\" ? 2 : 1;
      out.push(c);
      blank(i + 1, j);
      out.push(src.slice(j, j + 1));
      i = j + 1;
    } else {
      out.push(c);
      i++;
    }
  }
  return out.join("");
}

const OPEN: Record<string, string> = { "(": ")", "[": "]", "{": "}", "<": ">" };
const CLOSE = new Set([")", "]", "}", ">"]);

/** The index just past the bracket that closes the one at `start`, over
 * nested brackets of every kind (`->` and `=>` are arrows, not brackets),
 * in blanked code. */
function skipBalanced(code: string, start: number): number {
  const stack: string[] = [];
  for (let i = start; i < code.length; i++) {
    const c = code[i];
    if ((c === "-" || c === "=") && code[i + 1] === ">") {
      i++;
    } else if (c in OPEN) {
      stack.push(OPEN[c]);
    } else if (CLOSE.has(c)) {
      if (stack.pop() !== c) throw new Error(`unbalanced \`${c}\` at offset ${i}`);
      if (stack.length === 0) return i + 1;
    }
  }
  throw new Error(`unclosed \`${code[start]}\` at offset ${start}`);
}

/** The top-level comma-separated parts of `code[from..to]` as trimmed
 * [start, end) ranges; empty parts (a trailing comma) are dropped. */
function splitTopLevel(code: string, from: number, to: number): [number, number][] {
  const cuts: [number, number][] = [];
  let part = from;
  for (let i = from; i < to; i++) {
    const c = code[i];
    if ((c === "-" || c === "=") && code[i + 1] === ">") i++;
    else if (c in OPEN) i = skipBalanced(code, i) - 1;
    else if (c === ",") {
      cuts.push([part, i]);
      part = i + 1;
    }
  }
  cuts.push([part, to]);
  return cuts
    .map(([a, b]): [number, number] => {
      while (a < b && /\s/.test(code[a])) a++;
      while (b > a && /\s/.test(code[b - 1])) b--;
      return [a, b];
    })
    .filter(([a, b]) => b > a);
}

function skipSpace(code: string, i: number): number {
  while (i < code.length && /\s/.test(code[i])) i++;
  return i;
}

/** The commands `tauri::generate_handler![...]` registers: the last segment
 * of each path, with the module it names (`commands::start_desk`). */
function registeredCommands(lib: string): { name: string; module: string }[] {
  const code = blankCommentsAndLiterals(lib, "rust");
  const out: { name: string; module: string }[] = [];
  for (const m of code.matchAll(/\bgenerate_handler\s*!\s*(?=[[({])/g)) {
    const open = m.index + m[0].length;
    for (const [a, b] of splitTopLevel(code, open + 1, skipBalanced(code, open) - 1)) {
      const segments = code
        .slice(a, b)
        .split("::")
        .map((s) => s.trim());
      out.push({ name: segments[segments.length - 1], module: segments.slice(0, -1).join("::") });
    }
  }
  return out;
}

/** Every `#[tauri::command]` function of a Rust file, with its parameters
 * and the argument keys the UI sends for them. */
function rustCommands(rust: string): Map<string, RustCommand> {
  const code = blankCommentsAndLiterals(rust, "rust");
  const out = new Map<string, RustCommand>();
  for (const m of code.matchAll(/#\s*\[\s*(?:tauri\s*::\s*)?command\b/g)) {
    const attrEnd = skipBalanced(code, m.index + m[0].indexOf("["));
    const attr = rust.slice(m.index, attrEnd);
    const renameAll = /rename_all\s*=\s*"([^"]+)"/.exec(attr)?.[1] ?? "camelCase";
    if (renameAll !== "camelCase" && renameAll !== "snake_case") {
      throw new Error(`${attr}: rename_all = "${renameAll}" is not handled by this test`);
    }
    // Further attributes (#[allow(...)], #[cfg(...)], #[doc = ...]).
    let i = skipSpace(code, attrEnd);
    while (code[i] === "#") i = skipSpace(code, skipBalanced(code, code.indexOf("[", i)));
    const head =
      /(?:pub\s*(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+"[^"]*"\s+)?fn\s+([A-Za-z_]\w*)\s*/y;
    head.lastIndex = i;
    const fn = head.exec(code);
    if (!fn) throw new Error(`no function after ${attr}: ${rust.slice(i, i + 60)}`);
    i = head.lastIndex;
    if (code[i] === "<") i = skipSpace(code, skipBalanced(code, i));
    if (code[i] !== "(") throw new Error(`fn ${fn[1]}: no parameter list`);
    const params = splitTopLevel(code, i + 1, skipBalanced(code, i) - 1).map(([a, b]) => {
      const text = code.slice(a, b);
      const param = /^(?:#\s*\[[^\]]*\]\s*)*(?:mut\s+)?([A-Za-z_]\w*)\s*:(?!:)\s*([\s\S]+)$/.exec(text);
      if (!param) throw new Error(`fn ${fn[1]}: cannot read the parameter \`${text}\``);
      return { name: param[1], type: param[2].replace(/\s+/g, " ").trim() };
    });
    const keys = params
      .filter((p) => !isInjected(p.type))
      .map((p) => (renameAll === "snake_case" ? p.name : camelCase(p.name)));
    if (out.has(fn[1])) throw new Error(`fn ${fn[1]} is declared twice`);
    out.set(fn[1], { name: fn[1], params, keys });
  }
  return out;
}

/** `State<'_, AppState>`, `tauri::AppHandle<R>`, `&Window`: filled in by Tauri. */
function isInjected(type: string): boolean {
  const bare = type.replace(/^&\s*(?:'\w+\s+)?(?:mut\s+)?/, "").split("<")[0];
  const segments = bare.split("::");
  return INJECTED.has(segments[segments.length - 1].trim());
}

/** Every `call<T>("name", { keys })` of api.ts. A call whose name is not a
 * string literal, or whose arguments are not an object literal with plain
 * keys, cannot be checked and is an error. */
function uiCalls(ts: string): UiCall[] {
  const code = blankCommentsAndLiterals(ts, "ts");
  const out: UiCall[] = [];
  const lineOf = (offset: number) => code.slice(0, offset).split("\n").length;
  for (const m of code.matchAll(/\bcall\b/g)) {
    if (/\bfunction\s+$/.test(code.slice(0, m.index))) continue; // its definition
    let i = skipSpace(code, m.index + m[0].length);
    if (code[i] === "<") i = skipSpace(code, skipBalanced(code, i));
    if (code[i] !== "(") continue; // the word, not a call
    const line = lineOf(m.index);
    const args = splitTopLevel(code, i + 1, skipBalanced(code, i) - 1);
    const first = args.length > 0 ? ts.slice(...args[0]) : "";
    const name = /^(["'])([^"'\\]+)\1$/.exec(first);
    if (!name) throw new Error(`api.ts:${line}: the command name is not a string literal: ${first}`);
    if (args.length > 2) throw new Error(`api.ts:${line}: call takes the name and one arguments object`);
    const keys: string[] = [];
    if (args.length === 2) {
      const [a, b] = args[1];
      if (code[a] !== "{" || skipBalanced(code, a) !== b) {
        throw new Error(`api.ts:${line}: the arguments are not an object literal: ${ts.slice(a, b)}`);
      }
      for (const entry of splitTopLevel(code, a + 1, b - 1)) {
        const text = ts.slice(...entry);
        const key = /^(?:(["'])([^"']+)\1|([A-Za-z_$][\w$]*))\s*(?::|$)/.exec(text);
        if (!key) throw new Error(`api.ts:${line}: cannot read the argument \`${text}\``);
        keys.push(key[2] ?? key[3]);
      }
    }
    out.push({ command: name[2], keys, line });
  }
  return out;
}

/** What disagrees between the three files; empty when they agree. */
function contractProblems(lib: string, commands: string, api: string): string[] {
  const problems: string[] = [];
  const registered = registeredCommands(lib);
  const declared = rustCommands(commands);
  const calls = uiCalls(api);
  const registeredNames = new Set(registered.map((r) => r.name));
  const sorted = (keys: string[]) => [...keys].sort().join(", ");

  for (const r of registered) {
    if (r.module !== "commands")
      problems.push(`${r.module}::${r.name} is registered from outside commands.rs`);
    else if (!declared.has(r.name))
      problems.push(`${r.name} is registered but is no #[tauri::command] of commands.rs`);
    if (!calls.some((c) => c.command === r.name))
      problems.push(`${r.name} is registered but api.ts never calls it`);
  }
  for (const name of declared.keys()) {
    if (!registeredNames.has(name))
      problems.push(`${name} is a #[tauri::command] but not in generate_handler!`);
  }
  for (const c of calls) {
    const command = declared.get(c.command);
    if (!registeredNames.has(c.command)) {
      problems.push(`api.ts:${c.line} calls "${c.command}", which is not a registered command`);
    } else if (command && sorted(c.keys) !== sorted(command.keys)) {
      problems.push(
        `api.ts:${c.line} calls "${c.command}" with {${sorted(c.keys)}}; ` +
          `the command takes {${sorted(command.keys)}}`,
      );
    }
  }
  return problems;
}

describe("the IPC contract of api.ts and the Rust commands", () => {
  it("calls registered commands with their argument names, and calls every one", () => {
    expect(contractProblems(libRs, commandsRs, apiTs)).toEqual([]);
  });

  it("reads every command and every call (the check is not vacuous)", () => {
    const registered = registeredCommands(libRs);
    expect(registered.length).toBeGreaterThan(20);
    expect(uiCalls(apiTs).length).toBeGreaterThan(20);
    expect(rustCommands(commandsRs).get("start_scan")?.keys).toEqual(["customerId", "onEvent"]);
  });

  it("is the only IPC path: no other UI file invokes a command itself", () => {
    const sources = import.meta.glob(["../**/*.ts", "../**/*.svelte", "!./api.ts", "!../**/*.test.ts"], {
      query: "?raw",
      import: "default",
      eager: true,
    }) as Record<string, string>;
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    const invokes = (text: string) =>
      /@tauri-apps\/api(?:\/core)?["']/.test(text) ||
      /\binvoke\s*[<(]/.test(blankCommentsAndLiterals(text, "ts"));
    expect(invokes(apiTs)).toBe(true);
    expect(Object.keys(sources).filter((path) => invokes(sources[path]))).toEqual([]);
  });
});

describe("the contract check's parsers", () => {
  const lib = `
    .invoke_handler(tauri::generate_handler![
        commands::ping, // commands::commented_out,
        /* commands::also_not, */ commands::scan_overview,
        commands::start_scan,
    ])`;
  const commands = `
    /// Doc comment mentioning #[tauri::command] fn fake(x: i64).
    #[tauri::command]
    pub fn ping() -> &'static str { "pong(, x: i64)" }

    #[tauri::command]
    #[allow(clippy::too_many_arguments)]
    pub async fn scan_overview<R: tauri::Runtime>(
        app: tauri::AppHandle<R>,
        state: State<'_, AppState>,
        window: tauri::Window<R>,
        scan_id: i64,
        filter: Option<HashMap<String, Vec<(u8, char)>>>,
        on_done: impl Fn(i64) -> bool,
    ) -> IpcResult<ScanOverview> {
        let c = '(';
        todo!()
    }

    #[tauri::command(rename_all = "snake_case")]
    pub(crate) async fn start_scan(customer_id: i64, on_event: Channel<ScanEvent>) -> IpcResult<i64> { todo!() }`;
  const api = `
    async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {}
    export const api = {
      // call<void>("commented_out", { nope }),
      ping: () => call<string>("ping"),
      overview: (scanId: number, f: Filter) =>
        call<Map<string, Array<() => void>> | null>("scan_overview", {
          scanId,
          filter: f,
          "onDone": () => true,
        }),
      start: (customerId: number) => call<number>('start_scan', { customer_id: customerId, on_event: ch }),
    };`;

  it("reads multi-line signatures with attributes, generics and injected parameters", () => {
    const declared = rustCommands(commands);
    expect([...declared.keys()]).toEqual(["ping", "scan_overview", "start_scan"]);
    expect(declared.get("ping")!.keys).toEqual([]);
    expect(declared.get("scan_overview")!.keys).toEqual(["scanId", "filter", "onDone"]);
    expect(declared.get("scan_overview")!.params.map((p) => p.name)).toEqual([
      "app",
      "state",
      "window",
      "scan_id",
      "filter",
      "on_done",
    ]);
    expect(declared.get("start_scan")!.keys).toEqual(["customer_id", "on_event"]);
    expect(registeredCommands(lib).map((r) => r.name)).toEqual(["ping", "scan_overview", "start_scan"]);
    expect(uiCalls(api).map((c) => [c.command, c.keys])).toEqual([
      ["ping", []],
      ["scan_overview", ["scanId", "filter", "onDone"]],
      ["start_scan", ["customer_id", "on_event"]],
    ]);
    expect(contractProblems(lib, commands, api)).toEqual([]);
  });

  it("fails on a command or an argument renamed on either side", () => {
    expect(contractProblems(lib, commands.replace("scan_id: i64", "id: i64"), api)).toEqual([
      expect.stringContaining(
        `calls "scan_overview" with {filter, onDone, scanId}; the command takes {filter, id, onDone}`,
      ),
    ]);
    expect(contractProblems(lib, commands, api.replace("scanId,", "scan_id: scanId,"))).toHaveLength(1);
    expect(contractProblems(lib, commands, api.replace('"ping"', '"pong"'))).toEqual([
      "ping is registered but api.ts never calls it",
      expect.stringContaining(`calls "pong", which is not a registered command`),
    ]);
    expect(
      contractProblems(
        lib.replace("commands::ping", "commands::pong"),
        commands.replace("fn ping", "fn pong"),
        api,
      ),
    ).toHaveLength(2);
    expect(contractProblems(lib.replace("commands::start_scan,", ""), commands, api)).toEqual([
      "start_scan is a #[tauri::command] but not in generate_handler!",
      expect.stringContaining(`calls "start_scan", which is not a registered command`),
    ]);
  });

  it("refuses calls it cannot check", () => {
    expect(() => uiCalls(`call<void>(name, {})`)).toThrow(/not a string literal/);
    expect(() => uiCalls(`call<void>("x", args)`)).toThrow(/not an object literal/);
    expect(() => uiCalls(`call<void>("x", { ...args })`)).toThrow(/cannot read the argument/);
  });

  it("converts argument names as Tauri does", () => {
    expect(camelCase("scan_id")).toBe("scanId");
    expect(camelCase("on_event")).toBe("onEvent");
    expect(camelCase("id")).toBe("id");
    expect(isInjected("State<'_, AppState>")).toBe(true);
    expect(isInjected("tauri::WebviewWindow")).toBe(true);
    expect(isInjected("Channel<ScanEvent>")).toBe(false);
  });
});
