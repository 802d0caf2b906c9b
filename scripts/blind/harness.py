"""Three open-source coding-agent harnesses: identical long system prompt + tool list per
harness; organic per-user tasks on their own repos; multi-step sessions where every call
re-sends the growing history (text tool protocol, results pasted back as user turns)."""
from __future__ import annotations

import json

from . import code as C
from .common import Rng, fill, register, style_text

_RULES_COMMON = """
RULES
- Your current working directory is the repository root. You cannot cd into a different directory to complete a task.
- Do not ask for more information than necessary. Use the tools provided to accomplish the user's request efficiently and effectively.
- When making changes to code, always consider the context in which the code is being used. Ensure that your changes are compatible with the existing codebase and that they follow the project's coding standards and best practices.
- Before running a command that modifies the system (installing packages, deleting files, running migrations), explain what it does.
- Prefer small, reviewable edits. Never rewrite an entire file when a targeted edit is possible.
- Do not commit, push or open pull requests unless the user explicitly asks you to.
- When a command fails, read the error output carefully and fix the root cause instead of retrying blindly.
- Never print secrets, tokens or the contents of .env files in your responses.
- Use one tool per message and wait for its result before continuing. Never assume the outcome of a tool call.
- When you have completed the task, summarise what you changed and list any follow-up the user should do."""

HARNESSES = [
    {
        "name": "opencoder", "ua": "opencoder/{v} (node {nv}; {os})", "versions": ["0.14.2", "0.14.3", "0.15.0", "0.15.1"],
        "shape": "anthropic",
        "system": "You are OpenCoder, a highly skilled software engineer with extensive knowledge in many programming languages, frameworks, design patterns, and best practices.\n\n====\n\nTOOL USE\n\nYou have access to a set of tools that are executed upon the user's approval. You can use one tool per message, and will receive the result of that tool use in the user's response. You use tools step-by-step to accomplish a given task, with each tool use informed by the result of the previous tool use.\n\n# Tool Use Formatting\n\nTool use is formatted using XML-style tags. The tool name is enclosed in opening and closing tags, and each parameter is similarly enclosed within its own set of tags. Here's the structure:\n\n<tool_name>\n<parameter1_name>value1</parameter1_name>\n</tool_name>\n\nAlways adhere to this format for the tool use to ensure proper parsing and execution.\n\n# Tool Use Guidelines\n\n1. In <thinking> tags, assess what information you already have and what information you need to proceed with the task.\n2. Choose the most appropriate tool based on the task and the tool descriptions provided.\n3. If multiple actions are needed, use one tool at a time per message to accomplish the task iteratively.\n4. After each tool use, the user will respond with the result of that tool use.\n\n====\n" + _RULES_COMMON + "\n\n====\n\nSYSTEM INFORMATION\n\nOperating System: {os_name}\nDefault Shell: {shell}\nHome Directory: {home}\nCurrent Working Directory: {cwd}",
        "tools": [("read_file", "Request to read the contents of a file at the specified path. Use this when you need to examine the contents of an existing file.", {"path": "string"}),
                  ("write_to_file", "Request to write content to a file at the specified path. If the file exists, it will be overwritten.", {"path": "string", "content": "string"}),
                  ("replace_in_file", "Request to replace sections of content in an existing file using SEARCH/REPLACE blocks.", {"path": "string", "diff": "string"}),
                  ("execute_command", "Request to execute a CLI command on the system. Commands will be executed in the current working directory.", {"command": "string", "requires_approval": "boolean"}),
                  ("search_files", "Request to perform a regex search across files in a specified directory, providing context-rich results.", {"path": "string", "regex": "string", "file_pattern": "string"}),
                  ("list_files", "Request to list files and directories within the specified directory.", {"path": "string", "recursive": "boolean"}),
                  ("ask_followup_question", "Ask the user a question to gather additional information needed to complete the task.", {"question": "string"}),
                  ("attempt_completion", "Once you've confirmed the task is complete, present the result of your work to the user.", {"result": "string"})],
    },
    {
        "name": "shellpilot", "ua": "shellpilot/{v} python-httpx/0.27.2", "versions": ["2.3.0", "2.3.1", "2.4.0"],
        "shape": "openai",
        "system": "You are ShellPilot, an autonomous coding agent running in the user's terminal. You help users with software engineering tasks: fixing bugs, adding functionality, refactoring, explaining code, and more.\n\n# Tone and style\nBe concise, direct, and to the point. Answer in fewer than 4 lines unless the user asks for detail. Avoid introductions and conclusions. Do not add code comments unless asked.\n\n# Proactiveness\nYou are allowed to be proactive, but only when the user asks you to do something. Strike a balance between doing the right thing when asked and not surprising the user with actions you take without asking.\n\n# Following conventions\nWhen making changes to files, first understand the file's code conventions. Mimic code style, use existing libraries and utilities, and follow existing patterns. NEVER assume that a given library is available, even if it is well known. Check package.json, requirements.txt, go.mod, Cargo.toml or equivalents first.\n\n# Tool protocol\nTo call a tool, reply with a single line of the form\nCALL <tool_name> <json arguments>\nand nothing else after it. The tool output will be returned to you in the next message starting with 'OUTPUT <tool_name>'.\n\n# Doing tasks\n1. Use the search tools to understand the codebase and the user's query.\n2. Implement the solution using all tools available to you.\n3. Verify the solution if possible with tests. NEVER assume a specific test framework; check the README or search the codebase.\n4. When you have completed a task, run the lint and typecheck commands if they exist.\n" + _RULES_COMMON + "\n\n<env>\nWorking directory: {cwd}\nIs directory a git repo: Yes\nPlatform: {os}\n</env>",
        "tools": [("bash", "Executes a bash command in a persistent shell session with optional timeout.", {"command": "string", "timeout": "integer"}),
                  ("view", "Reads a file from the local filesystem. Returns up to 2000 lines with line numbers.", {"file_path": "string", "offset": "integer", "limit": "integer"}),
                  ("edit", "Performs an exact string replacement in a file.", {"file_path": "string", "old_string": "string", "new_string": "string"}),
                  ("create", "Creates a new file with the given content.", {"file_path": "string", "content": "string"}),
                  ("grep", "Fast content search tool that works with any codebase size.", {"pattern": "string", "path": "string", "include": "string"}),
                  ("glob", "Fast file pattern matching tool.", {"pattern": "string"}),
                  ("todo", "Create and manage a structured task list for the current session.", {"items": "array"})],
    },
    {
        "name": "devmate", "ua": "devmate-vscode/{v} vscode/1.9{vv}.0", "versions": ["1.8.4", "1.9.0", "1.9.2", "1.10.0"],
        "shape": "mixed",
        "system": "You are DevMate, an AI pair programmer inside the user's editor. The user can see the files you open and edit.\n\n## How to work\n- Think about the user's goal, then explore the workspace with tools before editing.\n- Make minimal, focused changes and explain them briefly.\n- Use the project's existing style, formatter, test runner and package manager.\n- If the user's request is ambiguous, make a reasonable assumption and state it.\n\n## Tools\nUse tools by writing a fenced block:\n```tool\n{\"name\": <tool name>, \"args\": {...}}\n```\nResults come back in the next user message inside a ```result block.\n\n## Editing\nWhen editing, use apply_patch with a unified diff. Keep diffs small. Don't reformat unrelated code.\n\n## Terminal\nYou may run commands with run_in_terminal. Long-running servers must be started in the background.\n" + _RULES_COMMON + "\n\n## Workspace\nRoot: {cwd}\nOS: {os}\nOpen editors: {open_files}",
        "tools": [("open_file", "Open a file in the editor and return its content.", {"path": "string", "start_line": "integer", "end_line": "integer"}),
                  ("apply_patch", "Apply a unified diff to the workspace.", {"patch": "string"}),
                  ("run_in_terminal", "Run a shell command in the integrated terminal and return its output.", {"command": "string", "background": "boolean"}),
                  ("workspace_search", "Semantic and text search over the workspace.", {"query": "string", "max_results": "integer"}),
                  ("list_dir", "List the contents of a directory.", {"path": "string"}),
                  ("get_diagnostics", "Get compiler/linter errors for a file.", {"path": "string"})],
    },
]


def tool_defs(h):
    out = []
    for name, desc, params in h["tools"]:
        props = {k: {"type": v, "description": f"The {k.replace('_', ' ')}."} for k, v in params.items()}
        out.append({"name": name, "description": desc, "input_schema": {"type": "object", "properties": props, "required": list(params)[:1]}})
    return out


for _h in HARNESSES:
    _h["tool_list"] = tool_defs(_h)

STACKS = {
    "python": (["app/main.py", "app/api/routes.py", "app/models.py", "app/db.py", "tests/test_api.py", "pyproject.toml", "requirements.txt", "README.md"],
               "pytest", "pip install -r requirements.txt", "python"),
    "node": (["src/index.ts", "src/routes/users.ts", "src/services/auth.ts", "src/db/client.ts", "test/users.test.ts", "package.json", "tsconfig.json"],
             "npm test", "npm install", "typescript"),
    "react": (["src/App.tsx", "src/components/Header.tsx", "src/components/TodoList.tsx", "src/hooks/useFetch.ts", "vite.config.ts", "package.json"],
              "npm run test", "npm ci", "typescript"),
    "go": (["cmd/server/main.go", "internal/handler/handler.go", "internal/store/store.go", "internal/store/store_test.go", "go.mod", "Makefile"],
           "go test ./...", "go mod download", "go"),
    "rust": (["src/main.rs", "src/lib.rs", "src/parser.rs", "src/config.rs", "tests/integration.rs", "Cargo.toml"], "cargo test", "cargo build", "rust"),
    "django": (["manage.py", "shop/models.py", "shop/views.py", "shop/urls.py", "shop/tests.py", "config/settings.py", "requirements.txt"],
               "python manage.py test", "pip install -r requirements.txt", "python"),
    "java": (["src/main/java/com/acme/Application.java", "src/main/java/com/acme/web/OrderController.java", "src/main/java/com/acme/service/OrderService.java",
              "src/test/java/com/acme/OrderServiceTest.java", "pom.xml"], "mvn test", "mvn install", "java"),
}
EVERYDAY = [
    ("docker", ["containerize this project", "write a Dockerfile for this repo and a docker-compose with {dep_svc}", "can you dockerize {repo}? multi-stage build pls",
                "add a Dockerfile, keep the image small"]),
    ("ci", ["set up CI with GitHub Actions that runs {test_cmd} on every PR", "add a CI pipeline (github actions) with lint + tests", "set up gitlab ci for {repo}, cache deps"]),
    ("explain", ["explain what {file} does", "walk me through {file}, I'm new to this codebase", "what is {file} responsible for and how does it connect to the rest?"]),
    ("fix_build", ["the build is failing, fix it", "fix the failing build, CI says {ci_err}", "{test_cmd} fails after my last change, can you figure out why",
                   "fix the failing tests in {file}"]),
    ("refactor", ["refactor {file}, it's getting too long", "refactor this module to separate the db logic from the handlers", "clean up {file} and remove dead code",
                  "split {file} into smaller modules"]),
    ("tests", ["write tests for {file}", "add unit tests for the {feature} logic", "increase test coverage for {file}, focus on edge cases"]),
    ("deps", ["bump dependencies to latest and fix anything that breaks", "upgrade {dep} to the latest major version", "update all deps, we're way behind"]),
    ("readme", ["write a README for this repo", "update the README with setup instructions"]),
    ("lint", ["fix all the lint errors", "set up {linter} and fix the warnings"]),
]
ORGANIC_TASKS = ["add a /health endpoint", "implement pagination for the {entity} list endpoint", "the {feature} button does nothing on mobile, find out why",
                 "add rate limiting to the login route", "support CSV export for {entity}s", "add a --dry-run flag to the CLI", "add caching to {file}",
                 "we get a race condition when two users update the same {entity}, fix it", "migrate {file} from callbacks to async/await",
                 "add input validation to the {entity} create endpoint", "make the {entity} search case-insensitive", "log request ids through the whole request",
                 "why does {file} leak memory under load?", "add soft delete for {entity}s", "rename {entity} to {entity2} everywhere",
                 "add dark mode", "the date shows in UTC, show it in the user's timezone", "add an admin page to list {entity}s",
                 "implement retry with backoff when calling the payments API", "add OpenAPI docs", "replace moment.js with date-fns",
                 "write a migration that adds a {col} column to {entity}s", "add a feature flag for {feature}", "speed up the {entity} import, it takes 10 minutes"]
register(dep_svc=["postgres", "redis", "postgres and redis", "mongo", "rabbitmq"], ci_err=["exit code 1", "type error in {file}", "module not found", "test timeout"],
         feature=["checkout", "signup", "search", "upload", "notifications", "billing", "invite", "reset password", "export", "filters"],
         dep=["react", "django", "spring boot", "express", "pydantic", "tokio", "next", "sqlalchemy", "webpack", "eslint"],
         linter=["ruff", "eslint", "golangci-lint", "clippy", "checkstyle", "mypy"],
         entity=["order", "user", "invoice", "product", "ticket", "project", "comment", "team", "booking", "device"],
         entity2=["customer", "member", "account", "item", "issue", "workspace"], col=["archived_at", "tenant_id", "priority", "external_ref", "locale"])

REPO_WORDS = ["acme", "orbit", "pulse", "ledger", "atlas", "nova", "relay", "forge", "harbor", "lumen", "quill", "spark", "tern", "vault", "kite",
              "beacon", "cinder", "delta", "ember", "flux", "grove", "hive", "iris", "jolt", "koala", "lark", "mint", "nest", "onyx", "pico"]
REPO_SUFFIX = ["api", "web", "service", "cli", "backend", "app", "dashboard", "worker", "core", "platform", "bot", "sync", "portal", ""]


def new_harness_user(r: Rng) -> dict:
    stack = r.choice(list(STACKS))
    files, test_cmd, install, lang = STACKS[stack]
    repo = r.choice(REPO_WORDS) + ("-" + r.choice(REPO_SUFFIX) if r.chance(0.7) else "")
    osn = r.choice(["darwin", "darwin", "linux", "linux", "win32"])
    user = r.choice(C.USERS_FS)
    cwd = {"darwin": f"/Users/{user}/{r.choice(['code', 'dev', 'src', 'work', 'projects'])}/{repo}", "linux": f"/home/{user}/{r.choice(['code', 'src', 'work'])}/{repo}",
           "win32": f"C:\\Users\\{user}\\source\\repos\\{repo}"}[osn]
    return {"stack": stack, "files": files, "test_cmd": test_cmd, "install": install, "lang": lang, "repo": repo, "os": osn, "cwd": cwd, "user": user,
            "harness": r.randint(0, 2)}


def render_system(h, u, r: Rng) -> str:
    # identical for every user of a harness, except the environment block at the end
    return (h["system"].replace("{os_name}", {"darwin": "macOS 14.5", "linux": "Linux 6.8", "win32": "Windows 11"}[u["os"]])
            .replace("{shell}", {"darwin": "/bin/zsh", "linux": "/bin/bash", "win32": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"}[u["os"]])
            .replace("{home}", u["cwd"].rsplit("/", 2)[0] if "/" in u["cwd"] else "C:\\Users\\" + u["user"])
            .replace("{cwd}", u["cwd"]).replace("{os}", u["os"]).replace("{open_files}", ", ".join(u["files"][:2])))


def _task(r: Rng, u: dict, ctx: dict) -> str:
    c = {**ctx, "file": r.choice(u["files"][:-1]), "repo": u["repo"], "test_cmd": u["test_cmd"]}
    if r.chance(0.55):
        _, phr = r.choice(EVERYDAY)
        t = fill(r.choice(phr), r, c)
    else:
        t = fill(r.choice(ORGANIC_TASKS), r, c)
    if r.chance(0.25):
        t += fill(r.choice([" - we use {lib}", ". don't touch the public API", ". keep it simple", ", and explain what you did", " (this is for a demo on {weekday})",
                            ". tests must still pass", ". I'm on {os_h}"]), r, {**c, "os_h": u["os"]})
    return style_text(t, ctx.get("style"), r)


def _tool_call(h, name: str, args: dict) -> str:
    if h["name"] == "opencoder":
        inner = "\n".join(f"<{k}>{v}</{k}>" for k, v in args.items())
        return f"<{name}>\n{inner}\n</{name}>"
    if h["name"] == "shellpilot":
        return f"CALL {name} {json.dumps(args)}"
    return "```tool\n" + json.dumps({"name": name, "args": args}) + "\n```"


def _tool_result(h, name: str, args: dict, out: str) -> str:
    if h["name"] == "opencoder":
        arg = next(iter(args.values()))
        return f"[{name} for '{str(arg)[:60]}'] Result:\n{out}"
    if h["name"] == "shellpilot":
        return f"OUTPUT {name}\n{out}"
    return "```result\n" + out + "\n```"


def _fake_output(r: Rng, u: dict, kind: str, path: str) -> str:
    if kind == "read":
        lg, code = C.snippet(r, {"python": "python", "typescript": "typescript", "go": "go", "rust": "rust", "java": "java"}.get(u["lang"]))
        body = "\n\n".join([code] + [C.snippet(r, lg)[1] for _ in range(r.randint(0, 3))])
        return "\n".join(f"{i + 1:4d}  {line}" for i, line in enumerate(body.split("\n"))) if r.chance(0.5) else body
    if kind == "list":
        return "\n".join(u["files"] + r.sample([".gitignore", "LICENSE", ".env.example", "docs/", "scripts/", ".github/", "Dockerfile"], r.randint(1, 4)))
    if kind == "search":
        return "\n".join(f"{r.choice(u['files'])}:{r.randint(1, 300)}: {r.choice(['def ', 'func ', 'const ', 'class ', 'import '])}{r.choice(C.FN_NAMES)}(" for _ in range(r.randint(1, 8)))
    if kind == "test":
        if r.chance(0.5):
            return f"$ {u['test_cmd']}\n" + f"{r.randint(3, 80)} passed, {r.randint(1, 4)} failed\nFAILED {r.choice(u['files'])}::test_{r.choice(C.FN_NAMES)} - AssertionError: expected {r.randint(0, 9)} got {r.randint(10, 99)}"
        return f"$ {u['test_cmd']}\nok  all {r.randint(5, 200)} tests passed in {r.uniform(0.3, 40):.2f}s"
    if kind == "install":
        return f"$ {u['install']}\n" + "\n".join(r.choice(["added 812 packages in 14s", "Successfully installed fastapi-0.115.0 uvicorn-0.30.6",
                                                           "go: downloading github.com/lib/pq v1.10.9", "Compiling serde v1.0.210", "npm warn deprecated inflight@1.0.6",
                                                           "[INFO] BUILD SUCCESS", "error: could not compile due to 2 previous errors"]) for _ in range(r.randint(1, 5)))
    _, err = C.popular_error(r)
    return err


_THOUGHTS = {
    "read": ["I'll check how {file} is organised.", "Let me read {file} first.", "Opening {file} to understand the current implementation.",
             "The error points to {file}; opening it.", "I need to see {file} before changing anything."],
    "list": ["Let me look at the project structure first.", "First, the layout of the repo.", "Let me see what's in this directory."],
    "search": ["Let me search for where this is used.", "I'll find all call sites before refactoring.", "Searching for the definition."],
    "test": ["I'll run the tests to confirm the fix.", "Let me run the test suite to see the current state.", "Verifying the change with the tests."],
    "install": ["Let me install the dependencies.", "Dependencies need to be installed first.", "Installing packages so the build can run."],
    "error": ["Let me reproduce the failure.", "Running the build to see the error.", "Let me verify the change compiles."],
}


def session_requests(r: Rng, u: dict, ctx: dict, n_steps: int):
    """Yield (system, messages, tools, harness) for each call of one agent session."""
    h = HARNESSES[u["harness"]]
    system = render_system(h, u, r)
    msgs = [("user", _task(r, u, ctx))]
    tmap = {"opencoder": {"read": "read_file", "list": "list_files", "search": "search_files", "run": "execute_command"},
            "shellpilot": {"read": "view", "list": "glob", "search": "grep", "run": "bash"},
            "devmate": {"read": "open_file", "list": "list_dir", "search": "workspace_search", "run": "run_in_terminal"}}[h["name"]]
    for step in range(n_steps):
        yield system, list(msgs), h["tool_list"], h
        path = r.choice(u["files"])
        kind = r.choice(["read", "read", "list", "search", "test", "install", "read", "error"])
        name = tmap.get(kind, tmap["run"])
        if kind == "read":
            args = {"path": path} if h["name"] != "shellpilot" else {"file_path": path}
        elif kind == "list":
            args = {"path": path.rsplit("/", 1)[0] if "/" in path else "."} if h["name"] != "shellpilot" else {"pattern": "**/*." + path.rsplit(".", 1)[-1]}
        elif kind == "search":
            q = r.choice(C.FN_NAMES)
            args = {"path": ".", "regex": q} if h["name"] == "opencoder" else {"pattern": q} if h["name"] == "shellpilot" else {"query": q}
        else:
            args = {"command": u["test_cmd"] if kind != "install" else u["install"]}
        thought = fill(r.choice(_THOUGHTS[kind]), r, {**ctx, "file": path})
        if h["name"] == "opencoder":
            thought = f"<thinking>\n{thought}\n</thinking>"
        msgs.append(("assistant", thought + "\n\n" + _tool_call(h, name, args)))
        res = _tool_result(h, name, args, _fake_output(r, u, kind, path))
        if r.chance(0.12):  # user interjects
            res += "\n\n" + style_text(r.choice(["actually also update the docs", "wait, don't touch the migrations", "looks good, continue",
                                                  "use {lib} instead".replace("{lib}", r.choice(C.SLOTS_LIB)), "why did you do that?", "no, revert that"]), ctx.get("style"), r)
        msgs.append(("user", res))
    return


def harness_ua(r: Rng, u: dict) -> str:
    h = HARNESSES[u["harness"]]
    return (h["ua"].replace("{v}", r.choice(h["versions"])).replace("{nv}", r.choice(["v20.11.1", "v22.3.0", "v18.19.0"]))
            .replace("{os}", u["os"]).replace("{vv}", str(r.randint(0, 6))))

