"""Code material: snippets (personalised identifiers), popular errors with the person's own
traceback, interview/homework problems, and organic developer questions."""
from __future__ import annotations

from .common import Rng, fill, register, words

# identifiers people use; __F__/__A__/__B__/__C__/__N__ tokens are replaced per person
FN_NAMES = words("""process|handle|get_data|compute|calc_total|find_dupes|merge_lists|check|parse_rows|load_users|
update_scores|clean|filter_items|build_index|count_words|solve|helper|do_stuff|transform|validate|fetch_all|
sync_orders|group_by_key|find_pairs|top_k|dedupe|flatten|normalize|score|rank_players|match_ids|get_common""")
VAR_NAMES = words("""data|items|arr|nums|lst|values|users|rows|records|orders|xs|a|b|result|res|out|seen|tmp|
names|scores|words|ids|products|entries|elements|matrix|grid|prices|events|lines|students|tasks""")

SNIPPETS = [
    ("python", "def __F__(__A__):\n    result = []\n    for i in range(len(__A__)):\n        for j in range(len(__A__)):\n            if i != j and __A__[i] == __A__[j]:\n                if __A__[i] not in result:\n                    result.append(__A__[i])\n    return result"),
    ("python", "def __F__(__A__, __B__):\n    out = []\n    for x in __A__:\n        if x in __B__:\n            out.append(x)\n    return out"),
    ("python", "def __F__(__A__):\n    __A__ = sorted(__A__)\n    best = 0\n    for i in range(len(__A__)):\n        for j in range(i + 1, len(__A__)):\n            best = max(best, __A__[j] - __A__[i])\n    return best"),
    ("python", "def __F__(s):\n    count = {}\n    for ch in s:\n        if ch in count.keys():\n            count[ch] = count[ch] + 1\n        else:\n            count[ch] = 1\n    return count"),
    ("python", "import csv\n\ndef __F__(path):\n    f = open(path)\n    reader = csv.reader(f)\n    __A__ = []\n    for row in reader:\n        if row[2] != '':\n            __A__.append({'name': row[0], 'email': row[1], 'amount': float(row[2])})\n    total = 0\n    for r in __A__:\n        total = total + r['amount']\n    return __A__, total"),
    ("python", "def __F__(n):\n    if n <= 1:\n        return n\n    return __F__(n - 1) + __F__(n - 2)\n\nprint([__F__(i) for i in range(__N__)])"),
    ("python", "def __F__(__A__):\n    i = 0\n    while i < len(__A__):\n        if __A__[i] % 2 == 0:\n            __A__.remove(__A__[i])\n        i += 1\n    return __A__"),
    ("python", "def __F__(__A__, target):\n    lo, hi = 0, len(__A__)\n    while lo < hi:\n        mid = (lo + hi) // 2\n        if __A__[mid] < target:\n            lo = mid + 1\n        else:\n            hi = mid\n    return lo"),
    ("python", "class __C__:\n    def __init__(self):\n        self.__A__ = []\n\n    def add(self, x):\n        self.__A__.append(x)\n        self.__A__.sort()\n\n    def median(self):\n        n = len(self.__A__)\n        if n % 2:\n            return self.__A__[n // 2]\n        return (self.__A__[n // 2 - 1] + self.__A__[n // 2]) / 2"),
    ("python", "import requests\n\ndef __F__(ids):\n    __A__ = []\n    for i in ids:\n        r = requests.get(f'https://api.example.com/items/{i}')\n        __A__.append(r.json())\n    return __A__"),
    ("python", "def __F__(__A__):\n    s = ''\n    for w in __A__:\n        s += w + ','\n    return s[:-1]"),
    ("python", "def __F__(grid):\n    count = 0\n    for r in range(len(grid)):\n        for c in range(len(grid[0])):\n            if grid[r][c] == 1:\n                for dr, dc in [(0,1),(1,0),(0,-1),(-1,0)]:\n                    nr, nc = r+dr, c+dc\n                    if 0 <= nr < len(grid) and 0 <= nc < len(grid[0]) and grid[nr][nc] == 1:\n                        count += 1\n    return count // 2"),
    ("javascript", "function __F__(__A__) {\n  let result = [];\n  for (let i = 0; i < __A__.length; i++) {\n    if (result.indexOf(__A__[i]) === -1) {\n      result.push(__A__[i]);\n    }\n  }\n  return result;\n}"),
    ("javascript", "async function __F__(userIds) {\n  const __A__ = [];\n  for (const id of userIds) {\n    const res = await fetch(`/api/users/${id}`);\n    const json = await res.json();\n    __A__.push(json);\n  }\n  return __A__;\n}"),
    ("javascript", "const __F__ = (__A__) => {\n  return __A__.filter(x => x.active == true).map(x => { return { id: x.id, name: x.firstName + ' ' + x.lastName } }).sort((a, b) => a.name > b.name ? 1 : -1)\n}"),
    ("javascript", "function __F__(__A__, __B__) {\n  var matches = []\n  __A__.forEach(function(a) {\n    __B__.forEach(function(b) {\n      if (a.id === b.id) matches.push(Object.assign({}, a, b))\n    })\n  })\n  return matches\n}"),
    ("typescript", "export function __F__(__A__: Order[]): Record<string, number> {\n  const totals: any = {};\n  for (const o of __A__) {\n    if (totals[o.customerId] == undefined) totals[o.customerId] = 0;\n    totals[o.customerId] = totals[o.customerId] + o.amount * (1 - (o.discount || 0));\n  }\n  return totals;\n}"),
    ("typescript", "useEffect(() => {\n  fetch(`/api/__A__?page=${page}`)\n    .then(r => r.json())\n    .then(d => set__C__(d.items))\n}, [page, __A__])"),
    ("java", "public static List<Integer> __F__(int[] __A__) {\n    List<Integer> res = new ArrayList<>();\n    for (int i = 0; i < __A__.length; i++) {\n        boolean dup = false;\n        for (int j = 0; j < i; j++) {\n            if (__A__[i] == __A__[j]) dup = true;\n        }\n        if (!dup) res.add(__A__[i]);\n    }\n    return res;\n}"),
    ("java", "public String __F__(String s) {\n    String out = \"\";\n    for (int i = s.length() - 1; i >= 0; i--) {\n        out = out + s.charAt(i);\n    }\n    return out;\n}"),
    ("go", "func __F__(__A__ []int) map[int]int {\n\tm := make(map[int]int)\n\tfor _, v := range __A__ {\n\t\tif _, ok := m[v]; ok {\n\t\t\tm[v]++\n\t\t} else {\n\t\t\tm[v] = 1\n\t\t}\n\t}\n\treturn m\n}"),
    ("go", "func __F__(urls []string) []string {\n\tvar __A__ []string\n\tfor _, u := range urls {\n\t\tresp, err := http.Get(u)\n\t\tif err != nil {\n\t\t\tcontinue\n\t\t}\n\t\tbody, _ := io.ReadAll(resp.Body)\n\t\t__A__ = append(__A__, string(body))\n\t}\n\treturn __A__\n}"),
    ("rust", "fn __F__(__A__: &Vec<i32>) -> Vec<i32> {\n    let mut out = Vec::new();\n    for x in __A__.iter() {\n        if !out.contains(x) {\n            out.push(*x);\n        }\n    }\n    out.sort();\n    out\n}"),
    ("cpp", "int __F__(vector<int>& __A__) {\n    int n = __A__.size(), best = INT_MIN;\n    for (int i = 0; i < n; i++) {\n        int sum = 0;\n        for (int j = i; j < n; j++) {\n            sum += __A__[j];\n            best = max(best, sum);\n        }\n    }\n    return best;\n}"),
    ("csharp", "public List<string> __F__(List<string> __A__)\n{\n    var result = new List<string>();\n    foreach (var s in __A__)\n    {\n        if (!result.Contains(s.Trim().ToLower()))\n            result.Add(s.Trim().ToLower());\n    }\n    return result;\n}"),
    ("sql", "SELECT c.name, (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id) AS n_orders,\n       (SELECT SUM(amount) FROM orders o WHERE o.customer_id = c.id) AS total\nFROM customers c\nWHERE c.created_at > '__Y__-01-01'\nORDER BY total DESC;"),
    ("php", "function __F__($__A__) {\n    $out = array();\n    foreach ($__A__ as $row) {\n        if ($row['status'] == 'active') {\n            array_push($out, $row['email']);\n        }\n    }\n    return array_unique($out);\n}"),
    ("bash", "for f in $(ls *.csv); do\n  cat $f | grep -v '^#' | awk -F, '{print $__N__}' >> all.txt\ndone\nsort all.txt | uniq -c | sort -rn | head"),
    ("kotlin", "fun __F__(__A__: List<Int>): List<Pair<Int, Int>> {\n    val res = mutableListOf<Pair<Int, Int>>()\n    for (i in __A__.indices) for (j in i + 1 until __A__.size)\n        if (__A__[i] + __A__[j] == __N__) res.add(Pair(__A__[i], __A__[j]))\n    return res\n}"),
]


def personalize(code: str, r: Rng) -> str:
    f = r.choice(FN_NAMES)
    a = r.choice(VAR_NAMES)
    b = r.choice([v for v in VAR_NAMES if v != a][:20])
    c = r.choice(["Tracker", "Store", "Stats", "Items", "Data", "Stream", "Buffer", "Users", "Cart"])
    return (code.replace("__F__", f).replace("__A__", a).replace("__B__", b).replace("__C__", c)
            .replace("__N__", str(r.randint(3, 40))).replace("__Y__", str(r.randint(2018, 2025))))


def snippet(r: Rng, lang: str | None = None) -> tuple[str, str]:
    cands = [s for s in SNIPPETS if lang is None or s[0] == lang] or SNIPPETS
    lg, code = r.choice(cands)
    return lg, personalize(code, r)


def fence(lang: str, code: str, r: Rng) -> str:
    if r.chance(0.2):
        return code
    return f"```{lang if r.chance(0.8) else ''}\n{code}\n```"


# ----------------------------------------------------------------- popular errors with own traceback
USERS_FS = words("alex|maria|dev|john|sam|priya|wei|ubuntu|admin|lukas|user|kim|tom|ana|rahul|pc|me|student|ec2-user|runner")
PROJECTS = words("""myapp|backend|api|website|thesis|scraper|dashboard|bot|final_project|ml-project|shop|inventory|chat-app|
portfolio|hw3|capstone|data-pipeline|discord-bot|blog|tracker|crm|todo-app|weather-app|game|analysis|notebooks|server""")


def _root(r: Rng) -> str:
    u, p = r.choice(USERS_FS), r.choice(PROJECTS)
    return r.choice([f"/home/{u}/{p}", f"/Users/{u}/Documents/{p}", f"C:\\Users\\{u.capitalize()}\\Desktop\\{p}",
                     f"/home/{u}/projects/{p}", f"/Users/{u}/code/{p}", f"/app", f"D:\\projects\\{p}", f"/workspace/{p}"])


def _pyver(r: Rng) -> str:
    return r.choice(["3.8", "3.9", "3.10", "3.11", "3.11", "3.12", "3.12", "3.13"])


def _err_py(r: Rng, exc: str, frames_lib: list[str]) -> str:
    root = _root(r)
    sep = "\\" if "\\" in root else "/"
    fname = r.choice(["main.py", "app.py", "train.py", "script.py", "utils.py", "run.py", "views.py", "test.py", "process.py"])
    lines = ["Traceback (most recent call last):", f'  File "{root}{sep}{fname}", line {r.randint(3, 240)}, in <module>',
             f"    {r.choice(['main()', 'df = load(path)', 'app.run()', 'result = process(data)', 'model.fit(X, y)', 'x = data[0][key]'])}"]
    if r.chance(0.6):
        lines += [f'  File "{root}{sep}{fname}", line {r.randint(3, 240)}, in {r.choice(FN_NAMES)}',
                  "    " + r.choice(['return self._get(k)', "rows = resp.json()['items']", 'out = arr[idx]', 'val = cfg[name]'])]
    venv = root + sep + r.choice(["venv", ".venv", "env"]) + sep + ("Lib" if sep == "\\" else f"lib{sep}python{_pyver(r)}") + sep + "site-packages"
    for fr in frames_lib:
        lines += [f'  File "{venv}{sep}{fr}", line {r.randint(40, 4000)}, in {r.choice(["__getitem__", "_call_impl", "forward", "get_loc", "__call__", "request", "wrapper"])}',
                  f"    {r.choice(['return self._engine.get_loc(casted_key)', 'return forward_call(*args, **kwargs)', 'raise err', 'result = fn(*args)'])}"]
    lines.append(exc)
    return "\n".join(lines)


POP_ERRORS = [
    ("cv2", lambda r: f"ModuleNotFoundError: No module named '{r.choice(['cv2', 'cv2', 'sklearn', 'dotenv', 'yaml', 'PIL'])}'", []),
    ("keyerror_pandas", lambda r: f"KeyError: '{r.choice(['date', 'Date', 'price', 'user_id', 'Unnamed: 0', 'total', 'label'])}'", ["pandas/core/indexes/base.py", "pandas/core/frame.py"]),
    ("truth_ambiguous", lambda r: "ValueError: The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()", []),
    ("nonetype_sub", lambda r: "TypeError: 'NoneType' object is not subscriptable", []),
    ("cuda_oom", lambda r: f"torch.OutOfMemoryError: CUDA out of memory. Tried to allocate {r.randint(20, 900)}.00 MiB. GPU 0 has a total capacity of {r.choice(['7.79', '11.76', '15.70', '23.65'])} GiB of which {r.randint(2, 300)}.06 MiB is free.",
     ["torch/nn/modules/module.py", "torch/nn/modules/linear.py"]),
    ("ssl", lambda r: "requests.exceptions.SSLError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: /v1/data (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))",
     ["requests/api.py", "requests/adapters.py"]),
    ("setting_copy", lambda r: "SettingWithCopyWarning: \nA value is trying to be set on a copy of a slice from a DataFrame.\nTry using .loc[row_indexer,col_indexer] = value instead", []),
    ("unicode", lambda r: f"UnicodeDecodeError: 'utf-8' codec can't decode byte 0x{r.hexstr(2)} in position {r.randint(10, 9000)}: invalid start byte", []),
    ("recursion", lambda r: "RecursionError: maximum recursion depth exceeded in comparison", []),
    ("shape_mismatch", lambda r: f"RuntimeError: mat1 and mat2 shapes cannot be multiplied ({r.choice([32, 64, 16, 8])}x{r.choice([512, 784, 1024, 2048])} and {r.choice([128, 256, 784])}x{r.choice([10, 64, 128])})",
     ["torch/nn/modules/module.py", "torch/nn/modules/linear.py"]),
    ("django_table", lambda r: f"django.db.utils.OperationalError: no such table: {r.choice(['main_post', 'accounts_profile', 'shop_product', 'blog_comment'])}", ["django/db/backends/utils.py"]),
]
JS_ERRORS = [
    "TypeError: Cannot read properties of undefined (reading 'map')",
    "Warning: Each child in a list should have a unique \"key\" prop.",
    "Access to fetch at 'http://localhost:{port}/api/{ep}' from origin 'http://localhost:{port2}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    "npm ERR! code ERESOLVE\nnpm ERR! ERESOLVE unable to resolve dependency tree\nnpm ERR! Found: react@{rv}\nnpm ERR! Could not resolve dependency:\nnpm ERR! peer react@\"^{pv}\" from {pkg}",
    "Error: Cannot find module '{mod}'\nRequire stack:\n- {root}/index.js",
    "Uncaught SyntaxError: Cannot use import statement outside a module",
    "Hydration failed because the initial UI does not match what was rendered on the server.",
    "Error: listen EADDRINUSE: address already in use :::{port}",
]
OTHER_ERRORS = [
    "error: failed to push some refs to 'github.com:{user}/{proj}.git'\nhint: Updates were rejected because the tip of your current branch is behind",
    "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock",
    "error: externally-managed-environment\n\n× This environment is externally managed",
    "Exception in thread \"main\" java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"{var}\" is null\n\tat com.{proj}.{cls}.{fn}({cls}.java:{ln})",
    "error[E0502]: cannot borrow `{var}` as mutable because it is also borrowed as immutable",
    "./main.go:{ln}:2: declared and not used: {var}",
    "IndentationError: unexpected indent",
    "fatal: refusing to merge unrelated histories",
    "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)",
    "java.lang.OutOfMemoryError: Java heap space",
    "Segmentation fault (core dumped)",
    "CONFLICT (content): Merge conflict in {file}",
]


def _err_fill(t: str, r: Rng) -> str:
    return (t.replace("{port}", str(r.choice([3000, 5000, 8000, 8080, 5173, 4200]))).replace("{port2}", str(r.choice([3000, 5173, 8080])))
            .replace("{ep}", r.choice(["login", "users", "items", "data", "upload"])).replace("{rv}", r.choice(["18.2.0", "19.0.0", "17.0.2"]))
            .replace("{pv}", r.choice(["16.8.0", "17.0.0", "18.0.0"])).replace("{pkg}", r.choice(["react-beautiful-dnd@13.1.1", "@testing-library/react-hooks@8.0.1", "react-quill@2.0.0"]))
            .replace("{mod}", r.choice(["express", "dotenv", "./config", "../utils/db", "axios"])).replace("{root}", _root(r).replace("\\", "/"))
            .replace("{user}", r.choice(USERS_FS)).replace("{proj}", r.choice(PROJECTS)).replace("{var}", r.choice(VAR_NAMES))
            .replace("{cls}", r.choice(["UserService", "Main", "OrderController", "Parser", "App"])).replace("{fn}", r.choice(FN_NAMES))
            .replace("{ln}", str(r.randint(5, 300))).replace("{file}", r.choice(["src/App.js", "README.md", "package.json", "main.py", "config.yaml"])))


def popular_error(r: Rng) -> tuple[str, str]:
    """(error key, pasted text)."""
    x = r.random()
    if x < 0.55:
        key, exc, frames = r.choice(POP_ERRORS)
        return key, _err_py(r, exc(r), frames if r.chance(0.8) else [])
    if x < 0.8:
        t = r.choice(JS_ERRORS)
        return t[:25], _err_fill(t, r)
    t = r.choice(OTHER_ERRORS)
    return t[:25], _err_fill(t, r)


ERROR_ASKS = ["I'm getting this error, how do I fix it?\n\n{err}", "{err}", "help!! {err}", "why does this happen:\n{err}",
              "Getting\n```\n{err}\n```\nwhen I run my script. I already tried reinstalling.", "any idea what this means?\n{err}\nusing python {ver}",
              "I keep getting this error when running my {proj_kind}:\n{err}\nwhat am I doing wrong"]
register(proj_kind=["flask app", "notebook", "training script", "react app", "school project", "discord bot", "scraper", "api", "script"])

# ----------------------------------------------------------------- homework / interview problems
INTERVIEW = [
    ("two_sum", "two sum: given an array of integers and a target, return indices of the two numbers that add up to the target"),
    ("fizzbuzz", "fizzbuzz: print numbers 1 to 100, Fizz for multiples of 3, Buzz for multiples of 5"),
    ("reverse_ll", "reverse a linked list"), ("valid_parens", "valid parentheses: check if a string of brackets is balanced"),
    ("palindrome", "check if a string is a palindrome"), ("fib", "print the first n fibonacci numbers"),
    ("binary_search", "implement binary search"), ("merge_intervals", "merge overlapping intervals"),
    ("lru", "implement an LRU cache"), ("anagrams", "group anagrams from a list of words"),
    ("max_subarray", "maximum subarray sum (Kadane)"), ("stock", "best time to buy and sell stock"),
    ("climb_stairs", "climbing stairs: how many ways to climb n stairs taking 1 or 2 steps"),
    ("bfs_islands", "number of islands in a grid"), ("second_highest", "SQL: find the second highest salary from the Employee table"),
    ("prime", "check if a number is prime"), ("factorial", "write a recursive factorial function"),
    ("bubble", "implement bubble sort"), ("vowels", "count the vowels in a string"), ("rev_words", "reverse the words in a sentence"),
]
INTERVIEW_ASKS = ["how do I solve {p} in {plang_i}", "{p} - what's the optimal solution?", "can you explain the solution to {p}? I have an interview tomorrow",
                  "Write {plang_i} code for {p}", "I don't understand {p}, explain step by step", "{p}. my solution times out, how to make it faster?",
                  "homework: {p}. we have to use {plang_i}", "leetcode {p} in {plang_i} please with explanation"]
register(plang_i=["Python", "Python", "Python", "Java", "Java", "JavaScript", "C++", "C++", "C", "Go", "C#", "python", "java", "js", "cpp"])

COMPLEXITY_ASKS = ["is this O(n^2)?\n{code}", "What's the time complexity of this?\n\n{code}", "is this code O(n^2) or O(n)? {code}",
                   "my teacher says this is O(n^2), why?\n{code}", "how can I make this faster, I think it's quadratic\n{code}",
                   "Big O of this function? {code}", "{code}\n\nwhat is the runtime complexity here"]
CLEAN_ASKS = ["make my snippet cleaner\n{code}", "Can you refactor this to be more pythonic/cleaner?\n\n{code}", "{code}\nclean this up pls",
              "how would a senior dev write this?\n{code}", "Review this code and suggest improvements:\n{code}", "make this more readable:\n{code}",
              "is there a better way to write this? {code}"]
EXPLAIN_ASKS = ["what does this code do?\n{code}", "explain this line by line\n{code}", "can you explain this function to me, I found it in our codebase\n{code}"]
CONVERT_ASKS = ["convert this to {plang}:\n{code}", "translate this code to {plang}\n{code}", "how would this look in {plang}? {code}"]
TEST_ASKS = ["write unit tests for this\n{code}", "Write pytest tests for this function, cover edge cases:\n{code}", "can you add tests for {code}"]

# ----------------------------------------------------------------- organic developer questions
DEV_TASKS = words("""paginate API results|upload a file|handle request timeouts|mock a dependency in unit tests|read environment variables|
parse dates with timezones|stream a large file without loading it into memory|debounce an input field|cache API responses|
retry failed requests with exponential backoff|run tasks in parallel|validate a form|log to a file and stdout|set up hot reload|
connect to a PostgreSQL database|handle JWT refresh tokens|implement dark mode|write a middleware for auth|send emails|
schedule a job every night|generate a PDF|resize images|read a big CSV in chunks|deploy to a VPS|dockerize my app|
add a progress bar|profile memory usage|set up logging properly|serialize a class to JSON|implement search with autocomplete|
create a websocket connection|handle file uploads over 100MB|compare two lists of dicts|sort by multiple keys|
implement role-based access control|migrate the database schema|write a custom hook|share state between components|
handle errors globally|internationalize the UI|rate limit an endpoint|hash passwords|store secrets safely|
set up CORS|test async code|lazy load routes|use a connection pool|batch inserts|make a CLI with arguments|
parse XML|convert a list to a dict|read Excel files|plot two y axes|group rows and count|pivot a dataframe|
merge two dataframes on multiple columns|remove duplicates keeping the latest|fill missing values|
train/test split with stratification|save and load a model|freeze layers when fine tuning|use a GPU|set random seeds""")
CONCEPT_PAIRS = words("""useEffect and useLayoutEffect|process and thread|== and ===|interface and type in TypeScript|let and var|
abstract class and interface|git merge and git rebase|PUT and PATCH|TCP and UDP|INNER JOIN and LEFT JOIN|
async/await and promises|list and tuple|deepcopy and copy|__str__ and __repr__|SQL and NoSQL|REST and GraphQL|
Docker and a VM|a Deployment and a StatefulSet|cookies and localStorage|authentication and authorization|
unit and integration tests|concurrency and parallelism|stack and heap|mutex and semaphore|map and flatMap|
props and state|Rc and Arc|Box and Rc|String and &str|goroutines and threads|ArrayList and LinkedList|
HashMap and TreeMap|@staticmethod and @classmethod|npm and yarn|pip and conda|venv and virtualenv|CMD and ENTRYPOINT|
monolith and microservices|OLAP and OLTP|an index and a primary key|optimistic and pessimistic locking""")
FN_TASKS = words("""checks if a string is a valid IPv4 address|flattens a nested list|finds the most common word in a text file|
converts roman numerals to integers|validates a credit card number with Luhn|returns all permutations of a string|
merges two sorted arrays|rotates a matrix 90 degrees|chunks a list into groups of n|debounces a function|
deep merges two objects|converts snake_case to camelCase|computes the moving average of a list|parses a query string|
finds duplicate files in a folder by hash|generates a random password|counts business days between two dates|
downloads all images from a web page|renames files in a folder by date|checks if two strings are anagrams|
calculates compound interest|converts a CSV to JSON|finds the longest common prefix|shuffles a deck of cards|
pretty prints a binary tree|removes html tags from a string|validates an email address|formats bytes as KB/MB/GB""")
SQL_TASKS = words("""get the top 3 customers by revenue per month|find users who ordered twice in the same week|
calculate a running total of sales|find the median order value|delete duplicate rows but keep one|pivot monthly sales by category|
count active users per day|find products never ordered|compute retention by signup cohort|get the latest row per user|
find gaps in a sequence of ids|join three tables and aggregate|rank employees by salary within department""")
REGEX_T = words("""email addresses|phone numbers like (555) 123-4567|dates in YYYY-MM-DD|URLs|hex colors|US zip codes|
strong passwords|IPv4 addresses|words starting with a capital letter|hashtags|numbers with commas|UK postcodes""")
TOOL_QS = words("""how do I undo my last commit but keep the changes|how to delete a remote branch|how to squash my last 3 commits|
how do I reduce my docker image size|docker compose for postgres + redis + my node app|why is my container exiting immediately|
how do I see logs of a crashed pod|write a GitHub Actions workflow to run tests on PRs|how to set up pre-commit with black and ruff|
nginx config for reverse proxy to port 3000 with https|how do I ssh into my EC2 instance|cron expression for every weekday at 9am|
how to find which process is using port 8080|bash one-liner to find the largest files in a directory|how do I rebase onto main|
how to cherry-pick a commit from another branch|terraform state is locked, what do I do|how to write a Makefile for a Go project|
how to set up a python monorepo|how do I version my API|poetry vs uv vs pip-tools""")
DEV_Q = [
    "how do I {dev_task} in {lib}?", "What's the best way to {dev_task} with {lib}", "{lib}: how to {dev_task}",
    "I'm using {lib} and need to {dev_task}. any example?", "what's the difference between {concept}?", "{concept} - when to use which?",
    "write a {plang} function that {fn_task}", "{plang} function that {fn_task}, with type hints please", "need a quick {plang} script that {fn_task}",
    "SQL query to {sql_task}. tables: {tables}", "postgres: {sql_task}", "regex to match {regex_t}", "{lib} vs {lib2} for a new project?",
    "{tool_q}", "{tool_q}?", "is {lib} still worth learning in {year}?", "how should I structure a {lib} project with {n_small} developers?",
    "best practices for error handling in {plang}", "explain {concept2} in {plang} with an example", "why is my {lib} app so slow on {slow_thing}?",
    "can you explain how {concept2} works under the hood", "what are common interview questions about {concept2}?",
]
register(
    dev_task=DEV_TASKS, concept=CONCEPT_PAIRS, fn_task=FN_TASKS, sql_task=SQL_TASKS, regex_t=REGEX_T, tool_q=TOOL_QS,
    lib2=lambda r, c: r.choice(SLOTS_LIB),
    tables=lambda r, c: r.choice(["orders(id, user_id, amount, created_at), users(id, name, country)", "sales(id, product_id, qty, price, sold_at)",
                                  "events(user_id, event, ts)", "employees(id, name, dept_id, salary), departments(id, name)",
                                  "subscriptions(id, customer_id, plan, started_at, cancelled_at)"]),
    concept2=words("closures|the event loop|garbage collection|generators|decorators|dependency injection|memoization|virtual DOM|"
                   "database indexes|transactions|CAP theorem|eventual consistency|consistent hashing|Big O notation|recursion|"
                   "pointers|ownership and borrowing|async iterators|context managers|the GIL|hoisting|prototypes|SOLID principles|"
                   "MVC|dependency arrays in hooks|React reconciliation|JWT|OAuth2 PKCE|load balancing|sharding|B-trees"),
    slow_thing=["the first load", "big lists", "large file uploads", "database queries", "startup", "CI builds", "docker builds"],
)
from .pools import TOOLS_LIB as SLOTS_LIB  # noqa: E402

DEV_FOLLOW = ["thanks, but that doesn't work, I still get {short_err}", "ok and how would I test that?", "can you do it without {lib}?",
              "what if the list is empty?", "can you explain the second part again", "now make it async", "that worked! one more thing, how do I {dev_task}?",
              "it's {plang} {ver}, does that matter?", "can you add comments", "shorter version?", "how would this scale to millions of rows?"]
register(short_err=["a KeyError", "undefined", "a timeout", "the same error", "a 500", "a type error", "an empty response"],
         ver=["3.8", "3.12", "17", "18", "20", "1.21", "11", "2021 edition", "8"])


def dev_question(r: Rng, ctx: dict) -> str:
    x = r.random()
    if x < 0.55:
        return fill(r.choice(DEV_Q), r, ctx)
    lg, code = snippet(r)
    body = fence(lg, code, r)
    q = r.choice(["why does this not work? it returns the wrong result for {edge}", "{lib}: this throws an error sometimes, why?",
                  "how can I speed this up?", "is this thread safe?", "can you add error handling here", "what's wrong with this code",
                  "this passes my tests but fails in prod when {edge}", "Add type hints and docstring", "turn this into a class",
                  "my code review says this is bad, why", "how do I make this work with {edge}"])
    q = fill(q, r, ctx)
    if r.chance(0.15):  # long paste: several related snippets / files
        ext = {"python": "py", "javascript": "js", "typescript": "ts", "java": "java", "go": "go", "rust": "rs", "cpp": "cpp", "csharp": "cs", "sql": "sql",
               "php": "php", "bash": "sh", "kotlin": "kt"}.get(lg, "txt")
        cm = "#" if lg in ("python", "bash") else "--" if lg == "sql" else "//"
        more = "\n\n".join(f"{cm} {r.choice(['utils', 'models', 'service', 'helpers', 'db'])}.{ext}\n" + snippet(r, lg)[1] for _ in range(r.randint(2, 5)))
        body = body + "\n\n" + more
    return (q + "\n\n" + body) if r.chance(0.6) else (body + "\n\n" + q)


register(edge=["an empty list", "negative numbers", "duplicates", "unicode input", "very large inputs", "None values", "the file is missing", "two users at once"])
