"""Everyday coding help, the most common legitimate use: what users ask about, and the code they paste."""

from __future__ import annotations

import random

from scripts.demo_logs.base import lines

LANG_LIBS: dict[str, tuple[str, ...]] = {
    "Python": (
        "pandas", "numpy", "Django", "Flask", "FastAPI", "requests", "asyncio", "pytest", "SQLAlchemy",
        "matplotlib", "pydantic", "polars",
    ),
    "JavaScript": ("React", "Express", "Node", "lodash", "axios", "Jest", "Vue", "Next.js", "webpack", "Vite", "D3"),
    "TypeScript": ("React", "zod", "Prisma", "Angular", "NestJS", "tRPC", "Vitest", "RxJS"),
    "Go": ("goroutines", "gin", "gorm", "context", "channels", "cobra", "sqlx"),
    "Rust": ("tokio", "serde", "actix-web", "clap", "rayon", "sqlx", "axum"),
    "Java": ("Spring Boot", "streams", "Maven", "Hibernate", "JUnit", "Gradle", "Jackson"),
    "C#": ("LINQ", "ASP.NET Core", "Entity Framework", "async/await", "Unity", "xUnit"),
    "C++": ("templates", "smart pointers", "CMake", "the STL", "move semantics", "Qt", "Boost"),
    "Ruby": ("Rails", "RSpec", "ActiveRecord", "Sidekiq"),
    "PHP": ("Laravel", "Composer", "WordPress", "Symfony"),
    "Kotlin": ("coroutines", "Jetpack Compose", "Ktor", "Room"),
    "Swift": ("SwiftUI", "Combine", "async let", "Core Data"),
    "SQL": ("Postgres", "window functions", "indexes", "CTEs", "MySQL", "SQLite"),
    "Bash": ("awk", "sed", "cron", "find", "xargs", "jq"),
    "R": ("ggplot2", "dplyr", "tidyr", "data.table", "Shiny"),
}
CODE_LANGS = tuple(LANG_LIBS)

CODING_TASKS = lines("""
    read a CSV with mixed date formats
    debounce a search input
    retry failed HTTP requests with exponential backoff
    parse command line flags
    deep copy a nested dictionary
    sort a list of objects by two keys
    stream a large file line by line
    mock the current time in tests
    cache the result of an expensive function
    validate an email address
    upload a file to S3 with a progress bar
    paginate results from a REST API
    read environment variables with defaults
    handle timezones correctly when storing timestamps
    run two async tasks and wait for the first one
    remove duplicates from a list but keep order
    flatten a nested list
    write a custom exception with extra fields
    log to a file and the console at the same time
    connect to Postgres with a connection pool
    measure how long a function takes
    send an email with an attachment
    resize images in a folder
    generate a random password
    compare two JSON files and show the differences
    parse a date like 03/04/2025 without ambiguity
    limit concurrency to 5 requests at a time
    merge two sorted arrays
    convert a list of dicts into a table
    watch a folder for new files
    add a dark mode toggle
    store user sessions securely
    call a shell command and capture its output
    serialize a class to JSON
    group rows by month and sum a column
    write a unit test for a function that calls an API
    implement a simple rate limiter
    schedule a job every night at 2am
    read a YAML config file
    stop a loop after a timeout
    hash passwords properly
    build a CLI with subcommands
    profile memory usage
    keep a websocket connection alive
    render markdown to HTML
    scrape a table from a web page
    make a recursive function iterative
    zip a folder
    check if a string is a palindrome ignoring punctuation
    parallelize a loop over files
""")

CONCEPT_PAIRS = lines("""
    a process and a thread
    == and ===
    let and const
    an interface and an abstract class
    Arc and Rc
    asyncio and multiprocessing
    a left join and an inner join
    git merge and git rebase
    Docker volumes and bind mounts
    a list and a tuple
    a shallow copy and a deep copy
    REST and GraphQL
    a mutex and a semaphore
    stack and heap memory
    unit tests and integration tests
    composition and inheritance
    a pointer and a reference
    null and undefined
    SQL and NoSQL databases
    a class method and a static method
    cookies and local storage
    TCP and UDP
    authentication and authorization
    a virtual environment and a container
    map and flatMap
""")

ERROR_FRAMES: dict[str, tuple[str, ...]] = {
    "Python": (
        "KeyError: '{ident}'",
        "AttributeError: 'NoneType' object has no attribute '{ident}'",
        "TypeError: {ident}() takes {k} positional arguments but {k2} were given",
        "ModuleNotFoundError: No module named '{ident}'",
        "ValueError: invalid literal for int() with base 10: '{ident}'",
        "RecursionError: maximum recursion depth exceeded in {ident}",
    ),
    "JavaScript": (
        "TypeError: Cannot read properties of undefined (reading '{ident}')",
        "ReferenceError: {ident} is not defined",
        "SyntaxError: Unexpected token '<' in {ident}.js",
        "Uncaught (in promise) Error: {ident} failed with status {n}",
    ),
    "TypeScript": (
        "TS2339: Property '{ident}' does not exist on type '{Ident}'.",
        "TS2345: Argument of type 'string' is not assignable to parameter of type '{Ident}'.",
        "TS7006: Parameter '{ident}' implicitly has an 'any' type.",
    ),
    "Go": (
        "panic: runtime error: invalid memory address or nil pointer dereference in {ident}",
        "undefined: {ident}",
        "fatal error: all goroutines are asleep - deadlock! ({ident})",
        "cannot use {ident} (variable of type int) as string value in argument",
    ),
    "Rust": (
        "error[E0382]: borrow of moved value: `{ident}`",
        "error[E0502]: cannot borrow `{ident}` as mutable because it is also borrowed as immutable",
        "error[E0308]: mismatched types, expected `{Ident}`, found `Option<{Ident}>`",
        "error[E0599]: no method named `{ident}` found for struct `{Ident}`",
    ),
    "Java": (
        "java.lang.NullPointerException: Cannot invoke \"{Ident}.{ident}()\" because \"{ident2}\" is null",
        "java.util.ConcurrentModificationException at {Ident}.{ident}",
        "org.springframework.beans.factory.UnsatisfiedDependencyException: Error creating bean with name '{ident}'",
    ),
    "C#": (
        "System.NullReferenceException: Object reference not set to an instance of an object at {Ident}.{Ident2}()",
        "CS0246: The type or namespace name '{Ident}' could not be found",
        "System.InvalidOperationException: Sequence contains no elements in {Ident}",
    ),
    "C++": (
        "undefined reference to `{ident}(int)'",
        "segmentation fault (core dumped) in {ident}",
        "error: no matching function for call to '{ident}(std::vector<int>&)'",
    ),
    "SQL": (
        "ERROR: column \"{ident}\" does not exist",
        "ERROR: duplicate key value violates unique constraint \"{ident}_pkey\"",
        "ERROR: relation \"{ident}\" does not exist",
        "ERROR: deadlock detected while updating {ident}",
    ),
    "Bash": (
        "{ident}.sh: line {k}: syntax error near unexpected token `fi'",
        "bash: ./{ident}: Permission denied",
        "xargs: {ident}: terminated by signal 13",
    ),
}

CODING_FRAMES = lines("""
    how do I {task} in {lang}?
    what's the cleanest way to {task} with {lib}?
    {lang} question: how would you {task}
    is there a built-in way to {task} in {lang} or do I need {lib}
    best way to {task}? using {lang} + {lib}
    I'm trying to {task} in {lang} but my version is really slow
    how do you {task} without pulling in a new dependency ({lang})
    what's the difference between {concept} in {lang}?
    when should I use {concept}, in practice?
    can you explain {concept} with a small {lang} example
    why would anyone pick {lib} over plain {lang}?
    {lib} vs doing it by hand for {task}, thoughts?
    write me a function `{ident}` in {lang} that can {task}
    quick {lang} helper to {task} please
    I need a script that will {task}. {lang} preferred
    regex for {regex_target}?
    how do I write a regex that matches {regex_target} in {lang}
""")

CODE_ASKS = lines("""
    why does this throw?
    what am I doing wrong here
    can you refactor this to be more readable
    is there a bug in this?
    what does this code do?
    how can I make this faster
    convert this to {lang2}
    write unit tests for this
    review this please, be harsh
    works but ugly. how would you write it
    add type hints and docstrings to this
    why is this returning the wrong result
    how do I make this thread-safe
    explain this line by line
""")

ERROR_ASKS = lines("""
    getting this and no clue why:
    help, {lang} keeps failing with
    what does this mean:
    stuck on this for an hour:
    any idea how to fix
    my CI fails with
    after upgrading {lib} I get
    this only happens in production:
""")

REGEX_TARGETS = lines("""
    US phone numbers with optional dashes
    ISO dates
    hex colour codes
    IPv4 addresses
    words that start with a capital letter
    quoted strings with escaped quotes
    semantic version numbers
    lines that end with a semicolon
    email addresses on our company domain
    postal codes from Canada
""")

DEVOPS_FRAMES = lines("""
    my docker container exits with code {k}37 right after starting, logs show {err}
    kubernetes pod `{ident}` is stuck in CrashLoopBackOff, last log line is {err}
    nginx returns 502 when I hit /{ident}/{ident2}, upstream is a {lang} app
    GitHub Actions job `{ident}` fails at the {step} step with {err}
    cron job for {ident}.sh every {k} min, with logging?
    terraform plan wants to destroy `{ident}` even though I didn't change it, why?
    my {lang} app uses {n} MB of memory after a day, how do I find the leak
    git says `{ident}` has diverged from origin, how do I fix without losing my commits
""")

CI_STEPS = ("install", "build", "lint", "test", "deploy", "cache restore", "checkout")

IDENT_WORDS = tuple("""
    user order item cache config buffer node edge queue task job event payload token session
    record row col price total count index key value result response request client server
    handler parser reader writer stream file path dir name email invoice account product cart
    score rank weight batch chunk frame pixel tile sprite player enemy level route retry timeout
    limit offset page cursor filter group metric sample label feature model tensor grad loss
    epoch step state props hook ctx conn tx lock worker pool thread future callback signal
    widget button form field input output report summary log trace span tag flag mode env
    secret hash salt nonce block peer shard replica snapshot backup diff patch commit branch
    build deploy pod service bucket blob topic message channel room ticket issue customer
    vendor shipment warehouse sku stock ledger entry balance rate fee tax discount coupon
    matrix vector graph tree heap trie grid cell slot window scroll modal menu tab theme
""".split())

IDENT_VERBS = tuple("""
    get set fetch load parse build compute validate handle update create delete sync merge
    render normalize format process to from is has ensure apply collect filter map read write
    init reset flush encode decode split join resolve schedule dispatch emit
""".split())


_POPULAR = {"Python": 30, "JavaScript": 16, "TypeScript": 12, "Go": 6, "Rust": 5, "Java": 8, "C#": 5, "C++": 4,
            "SQL": 8, "Bash": 5}
CODE_LANG_WEIGHTS = tuple(_POPULAR.get(lang, 2) for lang in CODE_LANGS)


def ident(r: random.Random, style: str | None = None, verb: bool = False) -> str:
    """A plausible identifier in snake, camel or pascal case, optionally starting with a verb."""
    parts = [r.choice(IDENT_VERBS)] if verb else []
    parts += [r.choice(IDENT_WORDS) for _ in range(r.choice((1, 1, 2, 2, 3)))]
    if r.random() < 0.1:
        parts[-1] += str(r.randint(1, 99))
    style = style or r.choice(("snake", "camel"))
    if style == "snake":
        return "_".join(parts)
    if style == "camel":
        return parts[0] + "".join(p.capitalize() for p in parts[1:])
    return "".join(p.capitalize() for p in parts)


def code(r: random.Random, lang: str) -> str:
    """A short function in `lang`, shaped like what users paste into a question."""
    if lang in ("JavaScript", "TypeScript"):
        return _js_code(r, lang == "TypeScript")
    if lang == "SQL":
        return sql_code(r)
    if lang == "Bash":
        return _bash_code(r)
    if lang == "Go":
        return _go_code(r)
    if lang == "Rust":
        return _rust_code(r)
    if lang in ("Java", "C#", "C++", "Kotlin", "Swift", "PHP"):
        return _c_like_code(r, lang)
    if lang == "R":
        return _r_code(r)
    return py_code(r)


def _names(r: random.Random) -> tuple[str, str, str, str, str, int]:
    return (ident(r, "snake", verb=True), *(ident(r, "snake") for _ in range(4)), r.randint(0, 500))


def py_code(r: random.Random) -> str:
    fn, a, b, v, key, n = _names(r)
    x = r.choice(("x", "it", "row", "item", "e", "rec", "obj"))
    options = [
        f"{v} = [{x} for {x} in {a} if {x}.get('{key}', 0) > {n}]",
        f"for {x} in {a}:\n        if {x} is None:\n            continue\n        {v}.append({x})",
        f"{v} = {a}.get('{key}', {n})",
        f"with open({b}) as fh:\n        {v} = json.load(fh)",
        f"{v} = sorted({a}, key=lambda {x}: {x}['{key}'])",
        f"if not {a}:\n        raise ValueError('{key} missing')",
        f"{v} = await {ident(r, 'snake', verb=True)}({a}, retries={r.randint(1, 9)})",
        f"{v} = df[df['{key}'] > {n}].groupby('{b}')['{key}'].{r.choice(('sum', 'mean', 'count', 'max'))}()",
        f"while {v} < {n}:\n        {v} += len({b})",
        f"try:\n        {v} = int({a})\n    except ValueError:\n        {v} = {n}",
        f"{v} = np.where({a} > {n}, {a}, 0).sum()",
        f"self.{key} = {b} or {{}}",
        f"logger.info('%s {key}=%d', {a}, {n})",
    ]
    body = "\n    ".join(r.sample(options, r.randint(2, 5)))
    head = r.choice((f"def {fn}({a}, {b}={n}):", f"async def {fn}({a}, {b}):", f"def {fn}(self, {a}, {b}=None):"))
    return f"{head}\n    {body}\n    return {r.choice((v, a, f'{v}, {b}', f'len({v})'))}"


def _js_code(r: random.Random, typed: bool) -> str:
    fn = ident(r, "camel", verb=True)
    a, b, v, key = (ident(r, "camel") for _ in range(4))
    n = r.randint(0, 500)
    t = f": {ident(r, 'pascal')}[]" if typed else ""
    options = [
        f"const {v} = {a}.map(({b}) => {b}.{key});",
        f"if (!{a}) return null;",
        f"const res = await fetch(`/api/{key}/${{{a}.id}}`);",
        f"{v}.forEach((x) => console.log(x.{key}));",
        f"useEffect(() => {{ set{key.capitalize()}({n}); }}, [{a}]);",
        f"const {{ {key}, ...rest }} = {b};",
        f"let {v} = {a}.filter((x) => x.{key} > {n}).length;",
        f"setTimeout(() => {b}({v}), {n});",
        f"{v}.push(...{a}.slice(0, {n}));",
        f"const {v} = JSON.parse(localStorage.getItem('{key}') ?? '[]');",
    ]
    body = "\n  ".join(r.sample(options, r.randint(2, 5)))
    head = r.choice((
        f"function {fn}({a}{t}, {b}) {{",
        f"const {fn} = async ({a}{t}) => {{",
        f"export default function {fn.capitalize()}({{ {a}, {b} }}) {{",
    ))
    return f"{head}\n  {body}\n  return {r.choice((v, a, 'res.json()', f'{v} ?? {b}'))};\n}}"


def _go_code(r: random.Random) -> str:
    fn = ident(r, "pascal", verb=True)
    a, v, key = ident(r, "camel"), ident(r, "camel"), ident(r, "camel")
    typ = ident(r, "pascal")
    options = [
        f"for _, x := range {a} {{\n\t\tif x.{key.capitalize()} > {r.randint(0, 99)} {{\n"
        f"\t\t\t{v} = append({v}, x)\n\t\t}}\n\t}}",
        f"{key}, err := {ident(r, 'camel', verb=True)}(ctx, {a})\n\tif err != nil {{\n"
        f"\t\treturn {v}, fmt.Errorf(\"{key}: %w\", err)\n\t}}\n\t_ = {key}",
        "mu.Lock()\n\tdefer mu.Unlock()",
        f"ch := make(chan {typ}, {r.randint(1, 64)})",
        f"{v} = {v}[:len({v})-1]",
    ]
    body = "\n\t".join(r.sample(options, r.randint(2, 4)))
    head = f"func {fn}(ctx context.Context, {a} []{typ}) ([]{typ}, error) {{"
    return f"{head}\n\tvar {v} []{typ}\n\t{body}\n\treturn {v}, nil\n}}"


def _rust_code(r: random.Random) -> str:
    fn, a, v, key = ident(r, "snake", verb=True), ident(r, "snake"), ident(r, "snake"), ident(r, "snake")
    typ = ident(r, "pascal")
    options = [
        f"for x in {a}.iter() {{\n        {v}.push(x.{key}.clone());\n    }}",
        f"let {key} = {a}.get({r.randint(0, 9)}).ok_or(Error::Missing)?;",
        f"{v}.sort_by(|a, b| a.{key}.cmp(&b.{key}));",
        f"let total: usize = {a}.iter().map(|x| x.{key}).sum();",
        f"if {v}.len() > {r.randint(2, 900)} {{\n        {v}.truncate({r.randint(1, 50)});\n    }}",
    ]
    body = "\n    ".join(r.sample(options, r.randint(2, 4)))
    head = f"fn {fn}({a}: &[{typ}]) -> Result<Vec<{typ}>, Error> {{"
    return f"{head}\n    let mut {v} = Vec::new();\n    {body}\n    Ok({v})\n}}"


def _c_like_code(r: random.Random, lang: str) -> str:
    fn, a, v, key = ident(r, "camel", verb=True), ident(r, "camel"), ident(r, "camel"), ident(r, "pascal")
    typ = ident(r, "pascal")
    options = [
        f"for (var x : {a}) {{\n        if (x.get{key}() > {r.randint(0, 99)}) {v}.add(x);\n    }}",
        f"if ({a} == null || {a}.isEmpty()) {{\n        return {v};\n    }}",
        f"{v}.sort(Comparator.comparing({typ}::get{key}));",
        f"var cached = cache.get(\"{key.lower()}\");",
        f"log.debug(\"{fn} took {{}} ms\", {r.randint(1, 999)});",
    ]
    body = "\n    ".join(r.sample(options, r.randint(2, 4)))
    head = f"public List<{typ}> {fn}(List<{typ}> {a}) {{"
    return f"{head}\n    var {v} = new ArrayList<{typ}>();\n    {body}\n    return {v};\n}}"


def sql_code(r: random.Random) -> str:
    t1, t2, c1, c2 = ident(r, "snake"), ident(r, "snake"), ident(r, "snake"), ident(r, "snake")
    agg = r.choice(("COUNT(*)", f"SUM({t1}.{c2})", f"AVG({t2}.{c2})", f"MAX({t1}.{c2})"))
    where = r.choice((
        f"WHERE {t1}.{c2} > {r.randint(0, 999)}", f"WHERE {t2}.created_at >= NOW() - INTERVAL '{r.randint(1, 90)} days'",
        f"WHERE {t1}.{c1} IS NOT NULL", "",
    ))
    return (f"SELECT {t1}.{c1}, {agg} AS {ident(r, 'snake')}\nFROM {t1}\nJOIN {t2} ON {t2}.{t1}_id = {t1}.id\n"
            f"{where}\nGROUP BY {t1}.{c1}\nORDER BY 2 DESC\nLIMIT {r.randint(5, 500)};")


def _bash_code(r: random.Random) -> str:
    d, ext, out = ident(r, "snake"), r.choice(("csv", "log", "json", "png", "txt")), ident(r, "snake")
    return r.choice((
        f"for f in {d}/*.{ext}; do\n  {r.choice(('gzip -9', 'wc -l', 'jq .', 'convert -resize 50%'))} \"$f\""
        f" > \"{out}/$(basename \"$f\")\"\ndone",
        f"find {d} -name '*.{ext}' -mtime +{r.randint(1, 60)} -print0 | xargs -0 rm -f",
        f"#!/usr/bin/env bash\nset -euo pipefail\n"
        f"{out}=$(curl -s https://example.com/{d} | jq -r '.{ident(r, 'snake')}')\necho \"${out}\"",
    ))


def _r_code(r: random.Random) -> str:
    df, c1, c2 = ident(r, "snake"), ident(r, "snake"), ident(r, "snake")
    return (f"{df} %>%\n  filter({c1} > {r.randint(0, 99)}) %>%\n  group_by({c2}) %>%\n"
            f"  summarise(n = n(), avg = mean({c1}, na.rm = TRUE)) %>%\n  ggplot(aes({c2}, avg)) + geom_col()")

