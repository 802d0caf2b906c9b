"""Legitimate large templated workloads: company automation (one fixed business template,
slot = their own data) and evaluation suites (benchmarks run by a lab/company)."""
from __future__ import annotations

from . import code as C
from .common import Rng, fill
from .pools import COMPANIES, FIRST, LAST, PRODUCTS

# ----------------------------------------------------------------- automation templates
TRIAGE_SYS = ("You are a support ticket triage assistant for {co}. Classify the ticket into exactly one category from: billing, login_access, "
              "bug_report, feature_request, shipping, refund, account_deletion, other. Assign a priority P1-P4 (P1 = outage or data loss). "
              "Detect the customer's language. Respond ONLY with JSON: {\"category\": ..., \"priority\": ..., \"language\": ..., \"summary\": <max 20 words>}.")
_TICKET_BITS = ["I was charged twice for my subscription this month.", "Can't log in, the reset link says expired.", "The app crashes when I open settings on Android 14.",
                "Where is my order? Tracking hasn't updated in 6 days.", "Please delete my account and all my data.", "It would be great if you supported dark mode.",
                "The export to CSV button gives a 500 error.", "I want a refund, the product arrived broken.", "Our whole team is locked out since this morning!!",
                "Invoice shows the wrong VAT number.", "Hola, no puedo acceder a mi cuenta desde ayer.", "Bonjour, ma commande n'est jamais arrivée.",
                "The sync between devices loses my notes.", "How do I change the email on my account?", "Your latest update broke the integration with Slack.",
                "I've been waiting 3 weeks for a response.", "2FA codes never arrive by SMS.", "Is there a student discount?"]


def ticket(r: Rng, co: str) -> str:
    who = f"{r.choice(FIRST)} {r.choice(LAST)}"
    body = " ".join(r.sample(_TICKET_BITS, r.randint(1, 3)))
    return (f"Ticket #{r.randint(100000, 999999)}\nFrom: {who} <{who.split()[0].lower()}.{r.randint(1, 999)}@{r.choice(['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'company.io'])}>\n"
            f"Plan: {r.choice(['Free', 'Pro', 'Team', 'Enterprise'])}\nSubject: {r.choice(['Help', 'urgent', 'Problem with my account', 'Question', 'Re: order', 'bug'])}\n\n{body}")


INVOICE_SYS = ("Extract the following fields from the OCR text of an invoice and return JSON with keys: vendor_name, vendor_vat, invoice_number, "
               "invoice_date (YYYY-MM-DD), due_date, currency, subtotal, tax, total, line_items (list of {description, quantity, unit_price, amount}). "
               "Use null for missing fields. Do not guess.")


def invoice(r: Rng) -> str:
    items = []
    for _ in range(r.randint(1, 7)):
        q, p = r.randint(1, 40), round(r.uniform(2, 900), 2)
        items.append(f"{r.choice(['Consulting hours', 'Office chairs', 'Toner cartridge', 'Cloud hosting', 'Cleaning service', 'Steel bolts M8', 'Catering', 'License seat', 'Freight'])}   {q}   {p:.2f}   {q * p:.2f}")
    sub = sum(float(x.split()[-1]) for x in items)
    return (f"{r.choice(COMPANIES).upper()}\n{r.randint(1, 400)} {r.choice(['Main St', 'Industrial Rd', 'Hauptstrasse', 'Rue de la Paix', 'High Street'])}\n"
            f"VAT: {r.choice(['DE', 'FR', 'GB', 'NL', 'IT'])}{r.randint(100000000, 999999999)}\nINVOICE No. {r.choice(['INV', 'RE', 'FA', ''])}-{r.randint(2024, 2026)}-{r.randint(1, 99999):05d}\n"
            f"Date: {r.randint(1, 28):02d}/{r.randint(1, 12):02d}/2026   Due: net {r.choice([14, 30, 45, 60])}\n\nDescription   Qty   Unit   Amount\n" + "\n".join(items) +
            f"\n\nSubtotal {sub:.2f}\nVAT {r.choice([7, 19, 20, 21, 22])}%\nTOTAL {r.choice(['EUR', 'USD', 'GBP', '€'])} {sub * 1.2:.2f}\n" + ("Thank you for your business!" if r.chance(0.5) else ""))


REVIEW_SYS = ("You are a senior engineer reviewing a pull request diff for {co}. Point out bugs, security issues and style violations according to our guide. "
              "For each finding output: file, line, severity (blocker|major|minor|nit), comment. If the diff looks good, say LGTM. Be brief.")


def diff(r: Rng) -> str:
    lg, code = C.snippet(r)
    path = r.choice(["src/", "app/", "lib/", "internal/", "services/"]) + r.choice(C.FN_NAMES) + "." + {"python": "py", "javascript": "js", "typescript": "ts", "go": "go", "rust": "rs", "java": "java"}.get(lg, "txt")
    lines = code.split("\n")
    k = r.randint(0, max(0, len(lines) - 2))
    hunk = [(" " + l) for l in lines[:k]] + ["-" + lines[k], "+" + lines[k].replace("=", "= ", 1)] + [("+" + l) if r.chance(0.3) else (" " + l) for l in lines[k + 1:]]
    return f"PR #{r.randint(1000, 9999)}: {r.choice(['fix', 'feat', 'chore', 'refactor'])}: {r.choice(['handle empty input', 'add caching', 'cleanup', 'new endpoint', 'speed up lookup'])}\n\ndiff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n@@ -{r.randint(1, 200)},{len(lines)} +{r.randint(1, 200)},{len(lines) + 1} @@\n" + "\n".join(hunk)


PRODUCT_TPL = ("Write a product description for our online store. Tone: {tone}. Length: 80-120 words. Include 3 bullet points of key features and end with a call to action. "
               "Do not invent specifications that are not listed.\n\nProduct: {name}\nBrand: {brand}\nCategory: {cat}\nSpecs: {specs}\nTarget customer: {target}")


def product(r: Rng, tone: str) -> str:
    p = r.choice(PRODUCTS)
    return fill(PRODUCT_TPL, r, {"tone": tone, "name": f"{r.choice(['Pro', 'Lite', 'Max', 'Air', 'Plus', 'Go', 'X'])} {p} {r.choice(['2', '3', 'S', 'Mini', '2026', 'Classic'])}",
                                   "brand": r.choice(["Vantra", "Kello", "Nordhaus", "Tivo Home", "Brightly", "Oaken", "Zumi", "Corva"]), "cat": r.choice(["Home", "Kitchen", "Electronics", "Outdoor", "Office", "Fitness"]),
                                   "specs": ", ".join(r.sample(["1200W", "BPA-free", "USB-C", "12h battery", "2-year warranty", "dishwasher safe", "matte black", "recycled materials", "app control", "foldable", "waterproof IPX7", "5 speed settings"], r.randint(2, 5))),
                                   "target": r.choice(["busy parents", "students", "home cooks", "remote workers", "outdoor enthusiasts", "gift buyers"])})


LOG_SYS = "Summarise the following application logs from the last 5 minutes. List distinct errors with counts, the most likely root cause, and whether on-call should be paged (yes/no). Output markdown."


def logs(r: Rng) -> str:
    svc = r.choice(["checkout-api", "auth-svc", "search-worker", "billing", "gateway", "notifier"])
    out = []
    for _ in range(r.randint(8, 40)):
        lvl = r.weighted(["INFO", "WARN", "ERROR", "DEBUG"], [6, 2, 1.5, 1])
        msg = r.choice(["request completed", "upstream timeout after 30000ms", "connection reset by peer", "cache miss for key user:" + str(r.randint(1, 99999)),
                        "retrying payment provider call (attempt 2/3)", "db pool exhausted", "slow query 2.3s", "GET /api/v2/orders 200", "POST /api/v2/cart 502",
                        "jwt expired", "OOMKilled container restarted", "health check ok"])
        out.append(f"2026-05-{r.randint(4, 17):02d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}.{r.randint(0, 999):03d}Z {lvl} [{svc}] {msg}")
    return "\n".join(out)


AUTOMATIONS = ["triage", "invoice", "review", "product", "logs"]


def automation_request(r: Rng, kind: str, acct: dict):
    """(system, messages, max_tokens)."""
    co = acct["company"]
    if kind == "triage":
        return TRIAGE_SYS.replace("{co}", co), [("user", ticket(r, co))], 300
    if kind == "invoice":
        return INVOICE_SYS, [("user", "OCR TEXT:\n" + invoice(r))], 1200
    if kind == "review":
        return REVIEW_SYS.replace("{co}", co), [("user", diff(r))], 1500
    if kind == "product":
        return None, [("user", product(r, acct["tone"]))], 400
    return LOG_SYS, [("user", logs(r))], 800


# ----------------------------------------------------------------- evaluation suites
_WP = ["{a} has {x} {obj}. She buys {y} more packs with {z} {obj} each, then gives away {w}. How many {obj} does she have now?",
       "A store sells {obj} at ${x} each. On Monday it sold {y}, on Tuesday {z} more than Monday. What was the total revenue?",
       "{a} runs {x} km every weekday and {y} km on Saturday. How many km does {a} run in {z} weeks?",
       "A tank holds {x} liters. It leaks {y} liters per hour and is refilled {z} liters every 3 hours. After 12 hours how much water is in it if it started full?",
       "A train travels {x} km at {y} km/h and then {z} km at {w} km/h. What is the average speed for the whole trip?",
       "{a} is {x} years older than {b}. In {y} years, {a} will be twice as old as {b}. How old is {b} now?"]
_MATH = ["Find all real x such that x^2 - {x}x + {y} = 0.", "How many positive divisors does {n} have?", "Compute the sum of the digits of 2^{x}.",
         "What is the remainder when {n} is divided by {y}?", "Find the number of ways to arrange the letters of a {x}-letter word with {y} identical letters.",
         "Let f(x) = {x}x^2 + {y}x + {z}. Find the minimum value of f.", "How many integers between 1 and {n} are divisible by {x} or {y}?",
         "A fair die is rolled {x} times. What is the probability the sum is {y}?"]
_MCQ_STEM = ["Which of the following best describes {topic}?", "Which statement about {topic} is correct?", "What is the primary cause of {topic}?"]
_CODE_PROBS = ["Write a function `{f}(nums: list[int]) -> int` that returns the length of the longest strictly increasing subsequence.",
               "Write a function `{f}(s: str) -> bool` that returns True if s can be rearranged into a palindrome.",
               "Write a function `{f}(intervals: list[list[int]]) -> list[list[int]]` that merges all overlapping intervals.",
               "Write a function `{f}(n: int) -> list[str]` that returns all combinations of n pairs of well-formed parentheses.",
               "Write a function `{f}(grid: list[list[int]]) -> int` returning the minimum path sum from top-left to bottom-right moving only right or down.",
               "Write a function `{f}(words: list[str], k: int) -> list[str]` returning the k most frequent words, ties broken alphabetically.",
               "Write a function `{f}(a: str, b: str) -> int` computing the edit distance between a and b.",
               "Write a function `{f}(nums: list[int], k: int) -> int` returning the number of contiguous subarrays summing to k.",
               "Write a function `{f}(root) -> int` returning the diameter of a binary tree given as nested tuples.",
               "Write a function `{f}(s: str) -> int` that evaluates an arithmetic expression with + - * / and parentheses."]
SUITES = {
    "gsm": ("Solve the following math word problem. Think step by step, then give the final answer on the last line as 'Answer: <number>'.\n\nQuestion: ", _WP),
    "math": ("Solve the problem. Show your reasoning step by step and put the final answer in \\boxed{}.\n\nProblem: ", _MATH),
    "code": ("Complete the following task. Return only a single Python code block with the implementation, no explanation.\n\n", _CODE_PROBS),
    "mcq": ("The following is a multiple choice question. Think step by step and then finish with 'The answer is (X)'.\n\n", _MCQ_STEM),
}


def eval_request(r: Rng, suite: str, idx: int):
    head, pool = SUITES[suite]
    # benchmark items are fixed: item idx always renders the same text within a suite
    rr = Rng(10007 * idx + hash_str(suite))
    ctx = {"a": rr.choice(FIRST), "b": rr.choice(FIRST), "x": str(rr.randint(2, 60)), "y": str(rr.randint(2, 40)), "z": str(rr.randint(2, 30)),
           "w": str(rr.randint(1, 20)), "n": str(rr.randint(100, 5000)), "obj": rr.choice(["apples", "stickers", "pencils", "cookies", "marbles", "books"]),
           "f": rr.choice(["solve", "f", "solution", "compute", "answer"])}
    q = fill(pool[idx % len(pool)], rr, ctx)
    if suite == "mcq":
        q += "\n" + "\n".join(f"({L}) {fill('{topic}', rr)} {rr.choice(['is unrelated', 'causes it', 'reduces it', 'is a special case', 'explains it'])}" for L in "ABCD")
    if suite == "code" and r.chance(0.3):
        q += "\n\nExample:\n>>> " + ctx["f"] + "(...)\n"
    return head + q


def hash_str(s: str) -> int:
    h = 2166136261
    for ch in s:
        h = ((h ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return h
