"""Distillation campaigns: a handful of templates per campaign (paraphrased variants),
filled from large slot spaces so the answers cover a capability systematically, asking
for the reasoning itself. Light obfuscation for most, heavy for the stealth campaign."""
from __future__ import annotations

from . import code as C
from .common import Rng, fill, obfuscate, register

PERSONAS = ["As a grad student at {uni} working on my thesis, ", "I'm a PM at a small startup and ", "My professor asked us to do this: ",
            "For a blog post I'm writing: ", "hey so my manager wants this by friday - ", "I'm preparing training material for junior staff. ",
            "Context: I run a consulting business. ", "I'm a {job} trying to get better at this. ", "Quick one for a side project: ",
            "Pretend you're a senior staff engineer mentoring me. ", "You are an expert tutor. ", "For our internal wiki, ",
            "Ich arbeite an einem Projekt: ", "Para mi clase: ", "我在准备一个项目：", "Please help, ", "Research purposes: "]

# ============================================================== agentic
TOOLSETS = {
    "research": [("web_search", "Search the web and return top results", {"query": "string", "num_results": "integer"}),
                 ("fetch_url", "Fetch a web page and return its text", {"url": "string"}),
                 ("extract_table", "Extract tables from an HTML or PDF document", {"document_id": "string"}),
                 ("save_note", "Save a note to the research notebook", {"title": "string", "body": "string"})],
    "data": [("run_sql", "Execute a read-only SQL query against the warehouse", {"query": "string"}),
             ("python", "Execute Python code in a sandbox with pandas and matplotlib", {"code": "string"}),
             ("describe_table", "Return the schema and row count of a table", {"table": "string"}),
             ("make_chart", "Render a chart from a dataframe spec", {"spec": "object"})],
    "devops": [("shell", "Run a shell command on the host", {"cmd": "string"}), ("read_file", "Read a file", {"path": "string"}),
               ("write_file", "Write a file", {"path": "string", "content": "string"}), ("http_request", "Make an HTTP request", {"method": "string", "url": "string"}),
               ("get_metrics", "Query the metrics backend", {"query": "string", "range": "string"})],
    "business": [("crm_lookup", "Look up a customer in the CRM", {"email": "string"}), ("send_email", "Send an email", {"to": "string", "subject": "string", "body": "string"}),
                 ("create_ticket", "Create a ticket in the tracker", {"title": "string", "priority": "string"}),
                 ("calendar_create", "Create a calendar event", {"title": "string", "start": "string", "attendees": "array"}),
                 ("search_docs", "Search the internal knowledge base", {"query": "string"})],
    "travel": [("search_flights", "Search flights", {"origin": "string", "destination": "string", "date": "string"}),
               ("search_hotels", "Search hotels", {"city": "string", "checkin": "string", "nights": "integer"}),
               ("book", "Book an offer by id", {"offer_id": "string"}), ("currency_convert", "Convert currency", {"amount": "number", "from": "string", "to": "string"}),
               ("get_weather", "Get the forecast", {"city": "string", "date": "string"})],
    "finance": [("get_quote", "Get a stock quote", {"ticker": "string"}), ("get_filing", "Fetch a company filing section", {"ticker": "string", "form": "string", "section": "string"}),
                ("calculator", "Evaluate a math expression", {"expression": "string"}), ("portfolio", "Read the current portfolio", {})],
}
GOALS = {
    "research": ["compile a competitive analysis of {n} companies in the {industry} market, with pricing, funding and positioning",
                 "find and verify {n} peer-reviewed studies on {topic} published since {year} and summarise their methods",
                 "build a timeline of major events in {topic} with sources for each entry",
                 "determine which of {n} {industry} vendors best fits a {size} company and justify the ranking"],
    "data": ["analyse the {table} table and explain why {metric} dropped {pct}% in {quarter}",
             "find the top {n} drivers of churn in the {table} table and quantify each",
             "detect anomalies in daily {metric} for the last {n} weeks and explain the likely causes",
             "build a cohort retention analysis from {table} and recommend {n} actions"],
    "devops": ["investigate why the {service} service returns intermittent 502 errors and fix the root cause",
               "the nightly {service} job started taking {n}x longer; find out why and propose a fix",
               "rotate the TLS certificates for {service} without downtime and verify",
               "migrate the {service} config from environment variables to a secrets manager, step by step"],
    "business": ["handle the escalation from customer {email}: check their history, draft a reply, create a ticket and schedule a follow-up",
                 "organise a quarterly business review with {n} stakeholders, find a slot, send invites and prepare the agenda",
                 "triage the {n} newest support requests, merge duplicates and assign priorities"],
    "travel": ["plan and book a {n}-day business trip from {city1} to {city2} within a {money} budget, minimising layovers",
               "find the cheapest way for a team of {n} to meet in a city between {city1} and {city2} next month",
               "rebook a cancelled flight from {city1} to {city2} and adjust the hotel reservation accordingly"],
    "finance": ["evaluate whether to rebalance the portfolio given the latest filings of {ticker} and {ticker2}",
                "compute the free-cash-flow yield of {ticker} for the last {n} years and compare it to {ticker2}",
                "stress-test the portfolio under a {pct}% rate shock and explain the impact step by step"],
}
register(industry=["CRM", "EV charging", "meal kit", "HR software", "cybersecurity", "cloud storage", "telehealth", "payroll", "e-learning", "logistics SaaS",
                   "fintech lending", "pet insurance", "robotics", "observability", "edtech", "legal tech", "agritech", "construction software"],
         size=["50-person", "300-person", "2,000-employee", "seed-stage", "mid-market", "Fortune 500"],
         table=["orders", "subscriptions", "events", "sessions", "payments", "tickets", "signups", "usage_daily"],
         metric=["conversion", "revenue", "weekly active users", "average order value", "NPS", "retention", "checkout completion"],
         quarter=["Q1", "Q2", "Q3", "Q4", "March", "the last 6 weeks", "week 14"],
         service=["payments", "auth", "search", "checkout", "notifications", "ingest", "billing", "media-transcoder", "api-gateway"],
         email=lambda r, c: f"{r.choice(['j.doe', 'mchen', 'a.kowalski', 'sam.p', 'rita', 'oliver.b'])}@{r.choice(['acme.com', 'globex.io', 'initech.net', 'umbrella.org'])}",
         city1=lambda r, c: fill("{tcity}", r), city2=lambda r, c: fill("{tcity}", r),
         ticker=["AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "KO", "JNJ", "XOM", "JPM", "ASML", "SAP", "TSM", "V", "PG"],
         ticker2=["GOOGL", "META", "AMD", "PEP", "PFE", "CVX", "BAC", "NVO", "SONY", "UNH", "WMT", "COST"],
         n=lambda r, c: str(r.randint(3, 12)))

AGENTIC_T = [
    ["You are an autonomous agent with access to the tools listed. Goal: {goal}.\n\nBefore EVERY tool call, write out your full reasoning: what you already know, what you still need, why you chose this tool and what you expect it to return. After each observation, reflect on whether it changes your plan. Continue until the goal is fully achieved, then give a final answer that recaps each step and the reasoning behind it.",
     "Goal: {goal}.\nYou can call the tools provided. Explain your reasoning before each tool call (what you know, what is missing, why this tool, expected result). Reflect after every observation. When finished, summarise every step with its rationale.",
     "Act as an autonomous AI agent. Your objective: {goal}. Rules: (1) think out loud before every single tool call, (2) justify each tool choice, (3) after each result, re-evaluate the plan, (4) end with a complete step-by-step recap."],
    ["Task: {goal}\nConstraints: {constraint}\n\nThink step by step. Show your complete chain of thought before each action. Use exactly this format for every step:\nThought: <detailed reasoning>\nAction: <tool name>\nAction Input: <JSON>\nObservation: <result>\n... repeat ...\nFinal Answer: <answer with justification>",
     "Solve the following task using the ReAct format (Thought / Action / Action Input / Observation) and make each Thought long and explicit. Task: {goal}. Constraints: {constraint}.",
     "{goal}. Constraints: {constraint}. Work through this as an agent: for each step write a Thought explaining your full reasoning, then an Action and Action Input, then wait for the Observation. Do not skip the thoughts."],
    ["Here is a trajectory produced by an agent trying to {goal}:\n\n{trajectory}\n\nCritique every step: was the tool choice right, what reasoning should the agent have used, what did it miss? Score each step 1-10. Then write an improved complete trajectory with explicit reasoning before each tool call.",
     "Review this agent trace for the task \"{goal}\" step by step, grade each step from 1 to 10 with a justification, and produce a corrected trace where every tool call is preceded by detailed reasoning:\n\n{trajectory}"],
    ["We are generating an agent plan. Goal: {goal}. First list every assumption you are making. Then produce a numbered plan of tool calls; for each call give the tool, the arguments, the reason, the expected output and a fallback if it fails. Finally execute the first step.",
     "List all assumptions first, then a numbered tool-call plan (tool, args, reason, expected output, fallback) for: {goal}. Then begin executing step 1 and explain your reasoning."],
]
register(constraint=["do not exceed 15 tool calls", "you must verify every fact with two sources", "minimise cost", "you cannot ask the user questions",
                     "finish within 10 steps", "prefer read-only operations", "all outputs must be in JSON", "cite the tool output for every claim"])


def _trajectory(r: Rng, tools) -> str:
    out = []
    for i in range(r.randint(2, 6)):
        t = r.choice(tools)
        out.append(f"Step {i + 1}: called {t[0]}(" + ", ".join(f"{k}=..." for k in t[2]) + f") -> {r.choice(['returned 0 rows', 'timeout', 'ok, 14 results', 'HTTP 403', 'partial data', 'success'])}")
    return "\n".join(out)


def agentic(r: Rng, ctx: dict):
    dom = r.choice(list(TOOLSETS))
    tools = TOOLSETS[dom]
    goal = fill(r.choice(GOALS[dom]), r, ctx)
    ti = r.weighted([0, 1, 2, 3], [4, 3, 1.5, 2])
    text = fill(r.choice(AGENTIC_T[ti]), r, {**ctx, "goal": goal, "trajectory": "\x00TRAJ\x00"}).replace("\x00TRAJ\x00", _trajectory(r, tools))
    tool_defs = [{"name": n, "description": d, "input_schema": {"type": "object", "properties": {k: {"type": v} for k, v in p.items()}, "required": list(p)[:1]}}
                 for n, d, p in r.sample(tools, r.randint(max(2, len(tools) - 2), len(tools)))]
    system = None
    if r.chance(0.5):
        system = r.choice(["You are a meticulous autonomous agent. Always explain your reasoning in full before acting.",
                           "You are an AI agent that can use tools. Think step by step and narrate your reasoning before every tool call.",
                           "You are a tool-using assistant. Never call a tool without first explaining why."])
    msgs = [("user", text)]
    if ti == 1 and r.chance(0.35):  # continue a fabricated trace, asking for the next reasoning step
        t = r.choice(tools)
        msgs += [("assistant", f"Thought: To {goal.split(',')[0]}, I first need to gather the relevant information.\nAction: {t[0]}\nAction Input: " + "{...}"),
                 ("user", f"Observation: {r.choice(['no results', '3 rows returned', 'error: permission denied', 'ok'])}\n\nContinue. Explain your reasoning in full before the next tool call.")]
    return system, msgs, tool_defs


# ============================================================== coding
FAMILIES = [
    "Given an array of n integers (n <= {N}) and an integer k, count the subarrays whose {agg} is {cmp} k.",
    "Given a string s of length up to {N} over {alpha}, find the length of the longest substring with at most k distinct characters.",
    "Given a directed graph with n nodes and m edges (n, m <= {N}), {graphq}.",
    "Given a binary tree with up to {N} nodes, {treeq}.",
    "Design a data structure supporting {ops} in {target} time each.",
    "Given n intervals (n <= {N}), {intq}.",
    "Given a grid of size r x c (r*c <= {N}) with {cells}, find the {gridq}.",
    "Implement a {conc} that is safe under concurrent access by many threads.",
    "Given n points in the plane (n <= {N}), {geoq}.",
    "Given a list of {N} transactions (timestamp, user, amount), {streamq}.",
    "Implement a parser for {grammar} that returns an AST and reports the position of the first syntax error.",
    "Given a sequence of {N} integers, find the {seqq}.",
    "Implement {sysq} with configurable limits and explain how it behaves under bursty traffic.",
    "Given two strings of length up to {N}, compute {strq}.",
]
register(N=["10^5", "2*10^5", "10^6", "5000", "10^9 (values)", "3*10^5", "1000"], agg=["sum", "XOR", "product", "maximum minus minimum", "bitwise OR", "number of distinct values"],
         cmp=["exactly", "at most", "at least", "divisible by", "strictly less than"], alpha=["lowercase letters", "ASCII", "digits", "arbitrary Unicode code points"],
         graphq=["find all strongly connected components", "find the shortest path from 1 to n with at most k edges", "detect whether a cycle exists and return one",
                 "compute a topological order or report a cycle", "find the number of nodes reachable from every node", "find all bridges"],
         treeq=["find the maximum path sum", "serialize and deserialize it", "find the lowest common ancestor for q queries", "count paths summing to a target",
                "return the vertical order traversal", "check whether it is a valid BST"],
         ops=["insert, delete, getRandom", "push, pop, getMin", "add, remove, median", "set, get, snapshot(id)", "increment(key), decrement(key), getMaxKey, getMinKey",
              "put, get with LRU eviction", "put, get with LFU eviction", "append, rangeSum, pointUpdate"],
         target=["O(1)", "O(log n)", "amortized O(1)", "O(log^2 n)"],
         intq=["merge all overlapping intervals", "find the minimum number of meeting rooms", "remove the minimum number so the rest do not overlap",
               "answer q point-coverage queries", "find the maximum number of overlapping intervals"],
         cells=["walls and open cells", "heights", "costs", "coins and obstacles", "portals"],
         gridq=["shortest path from top-left to bottom-right removing at most k walls", "number of islands", "largest rectangle of open cells",
                "minimum cost path moving in 4 directions", "time for water to fill all reachable cells"],
         conc=["bounded blocking queue", "LRU cache", "rate limiter", "connection pool", "read-write lock", "thread pool with futures", "lock-free counter"],
         geoq=["find the closest pair", "compute the convex hull", "count points inside each of q axis-aligned rectangles", "find the maximum number of collinear points"],
         streamq=["flag users whose spending in any 24h window exceeds a threshold", "compute a running median per user", "detect duplicate transactions within 60 seconds",
                  "find the top k users by amount in a sliding 1-hour window"],
         grammar=["arithmetic expressions with precedence and unary minus", "a JSON subset", "a tiny Lisp", "SQL SELECT statements with WHERE and JOIN", "regular expressions with * + ? and groups"],
         seqq=["longest increasing subsequence", "number of inversions", "k-th smallest element after each insertion", "longest zigzag subsequence", "minimum number of moves to sort it"],
         sysq=["a token-bucket rate limiter", "a sliding-window rate limiter", "a consistent-hashing ring", "an exponential backoff retry policy", "a circuit breaker"],
         strq=["the edit distance", "the longest common subsequence", "the number of distinct common substrings", "the minimum window of one containing all characters of the other"],
         lang2=["Python", "C++", "Java", "Rust", "Go", "TypeScript", "Kotlin", "C#"])
CODING_T = [
    ["Solve the following problem in {lang2}.\n\n{problem}\n\nRequirements:\n1. Explain your reasoning step by step before writing any code.\n2. Enumerate all edge cases (empty input, single element, duplicates, negative values, maximum constraints, overflow) and explain how you handle each.\n3. Give the time and space complexity with a justification.\n4. Provide a complete, runnable solution and a set of unit tests.",
     "{problem}\nWrite the solution in {lang2}. First think through the problem step by step, then list every edge case, then give the code, then analyse time and space complexity, then provide tests. Be thorough.",
     "Problem: {problem}\nLanguage: {lang2}\nPlease: (a) reason step by step about possible approaches and why you pick one, (b) list edge cases, (c) implement, (d) prove correctness briefly, (e) complexity analysis, (f) tests."],
    ["You are a competitive programmer. {problem} Explain the key insight, walk through your reasoning, then write an optimal {lang2} solution. Discuss every edge case and give a rigorous complexity analysis.",
     "As an expert competitive programmer, solve: {problem} Show your complete thought process, including approaches you rejected and why. Implement in {lang2} with complexity analysis and edge cases."],
    ["Here is a function from a production codebase:\n\n{code}\n\nFind every bug and edge case it mishandles. Explain your reasoning step by step, give a corrected version, analyse its time and space complexity, and write tests that would have caught each bug.",
     "Review the following code. Think step by step: list all bugs, all unhandled edge cases and all performance problems, then rewrite it correctly, state the complexity before and after, and add unit tests.\n\n{code}"],
    ["Two candidate solutions to the problem below were submitted.\n\nProblem: {problem}\n\nSolution A: a brute-force approach in {lang2}.\nSolution B: an optimised approach using {technique}.\n\nCompare them step by step. Score each from 1 to 10 for correctness, efficiency and readability, explain your reasoning for every score, and say which edge cases each one fails.",
     "Grade two approaches to this problem: (A) brute force, (B) {technique}. Problem: {problem} For each, reason step by step about correctness and complexity, list failing edge cases, give a 1-10 score with justification."],
]
register(technique=["a monotonic stack", "two pointers", "a segment tree", "binary search on the answer", "dynamic programming with bitmasks", "a Fenwick tree",
                    "union-find", "Dijkstra with a heap", "a sliding window", "prefix sums and hashing", "divide and conquer", "a trie"])


def coding(r: Rng, ctx: dict):
    prob = fill(r.choice(FAMILIES), r, ctx)
    ti = r.weighted([0, 1, 2, 3], [5, 2, 2, 1.5])
    lg, code = C.snippet(r)
    text = fill(r.choice(CODING_T[ti]), r, {**ctx, "problem": prob, "code": "\x00CODE\x00"}).replace("\x00CODE\x00", C.fence(lg, code, r))
    system = r.choice([None, None, "You are a world-class software engineer. Always reason step by step.", "You are an expert programmer and teacher."])
    return system, [("user", text)], None


# ============================================================== planning
PROJECTS = ["migrate a {k}-service monolith to Kubernetes", "launch a {prod} in {market}", "build a {fab} manufacturing plant", "roll out an ERP system at a {size} {industry} company",
            "organise a {k}00-person conference in {tcity}", "open a {rest} restaurant in {tcity}", "transition a fleet of {k}0 delivery vans to electric",
            "obtain SOC 2 Type II certification for a {size} startup", "build a mobile banking app from scratch", "run a national vaccination campaign in a region of {k} million people",
            "set up a clinical trial for a new {drug} drug", "move a {size} company to a four-day work week", "build a data platform on {cloud} for {k} business units",
            "renovate a {k}-storey office building while it stays occupied", "launch a community solar program in {tcity}", "replace a legacy COBOL payroll system",
            "expand a D2C {prod} brand into wholesale", "build a satellite ground station network", "merge two {industry} companies' engineering teams",
            "design and launch a university course on {subject}", "create a disaster-recovery program for a hospital network", "bring a {prod} from prototype to mass production"]
register(k=lambda r, c: str(r.randint(2, 9)), prod=["smart thermostat", "plant-based snack", "budgeting app", "e-bike", "skincare line", "B2B SaaS tool", "pet food subscription", "language-learning app"],
         market=["Brazil", "Germany", "India", "Japan", "Nigeria", "Indonesia", "the US Midwest", "the Nordics", "Mexico", "South Korea"],
         fab=["battery cell", "solar panel", "semiconductor packaging", "vaccine fill-finish", "furniture", "bicycle frame"], rest=["ramen", "vegan", "farm-to-table", "Ethiopian", "pizza"],
         budget=["$250k", "$1.2M", "€800k", "$5M", "£2M", "$40M", "$90k", "€15M"], drug=["migraine", "type 2 diabetes", "Alzheimer's", "asthma", "rare-disease"], cloud=["AWS", "GCP", "Azure"])
PLANNING_T = [
    ["Create a detailed {steps}-step plan to {project}. For each step include: objective, responsible role, dependencies (by step number), estimated duration, key risks with mitigations, and the reasoning for why the step comes at that point. Before the plan, list every assumption you are making. Be exhaustive; do not summarise or skip steps.",
     "I need an exhaustive {steps}-step project plan to {project}. Start with a list of all assumptions. Then for every step: goal, owner, dependencies, duration, risks, mitigations, and your reasoning. No skipping, no 'etc.'.",
     "Produce a long-horizon plan with exactly {steps} numbered steps to {project}. Each step needs: what, who, depends-on, how long, what could go wrong, how to mitigate, and why this ordering. List assumptions first."],
    ["Think step by step and build a complete project plan to {project} under these constraints: budget {budget}, deadline {months} months, team of {k}0. Give {steps} steps with milestones, a critical path analysis, a RACI table and a risk register. Explain your reasoning at every milestone.",
     "Plan how to {project} with budget {budget}, {months} months and {k}0 people. Reason step by step. Output {steps} steps, milestones, critical path, RACI, risk register, and the rationale for each decision."],
    ["Break the goal \"{project}\" into a hierarchy: phases -> workstreams -> {steps} concrete tasks. For each task give preconditions, acceptance criteria and estimated effort, and explain the reasoning behind the decomposition. Then identify the critical path and the three decisions with the highest uncertainty.",
     "Decompose \"{project}\" into phases, workstreams and {steps} tasks with preconditions, acceptance criteria and effort. Explain your decomposition reasoning, the critical path, and the riskiest decisions."],
]


def planning(r: Rng, ctx: dict):
    proj = fill(r.choice(PROJECTS), r, ctx)
    ti = r.weighted([0, 1, 2], [5, 3, 2])
    text = fill(r.choice(PLANNING_T[ti]), r, {**ctx, "project": proj, "steps": str(r.randint(30, 50))})
    system = r.choice([None, None, None, "You are a senior program manager. Be exhaustive and structured.", "You are a strategic planning expert."])
    return system, [("user", text)], None


# ============================================================== CoT reasoning (used by stealth)
REASON_T = ["{riddle} Show your full chain of thought, list every assumption, and verify the answer at the end.",
            "Solve this and explain each step of your reasoning in detail: {math_hw}. Then check your answer a second way.",
            "Prove that {induction}. Write out every step of your reasoning and every assumption.",
            "Here is a student's answer to \"{math_hw}\": they got the wrong result. Grade it from 1 to 10, explain step by step where the reasoning fails and give the correct full solution."]


def reasoning(r: Rng, ctx: dict):
    return None, [("user", fill(r.choice(REASON_T), r, ctx))], None


GENS = {"agentic": agentic, "coding": coding, "planning": planning, "reasoning": reasoning}


def campaign_request(r: Rng, camp: str, ctx: dict):
    """(system, messages, tools)."""
    if camp == "stealth":
        target = r.weighted(["agentic", "coding", "planning", "reasoning"], [3, 3, 2, 2])
        system, msgs, tools = GENS[target](r, ctx)
        last = msgs[0][1]
        if r.chance(0.6):  # shorten: stealth requests drop boilerplate sentences
            parts = last.split(". ")
            if len(parts) > 3:
                keep = [parts[0]] + r.sample(parts[1:], max(2, len(parts) - 1 - r.randint(1, 3)))
                last = ". ".join(keep)
        if r.chance(0.8):
            last = fill(r.choice(PERSONAS), r, ctx) + last[0].lower() + last[1:]
        last = obfuscate(last, r, r.uniform(0.6, 1.0))
        msgs = [("user", last)]
        if tools and r.chance(0.5):
            tools = None  # stealth often inlines the tool descriptions instead
            msgs[-1] = ("user", msgs[-1][1] + "\n\nTools available: " + ", ".join(r.sample([n for ts in TOOLSETS.values() for n, _, _ in ts], 4)))
        return (None if r.chance(0.7) else system), msgs, tools
    system, msgs, tools = GENS[camp](r, ctx)
    task = msgs[0][1]
    if r.chance(0.15):
        task = fill(r.choice(PERSONAS), r, ctx) + task[0].lower() + task[1:]
    if r.chance(0.35):
        task = obfuscate(task, r, 0.2)
    msgs = [("user", task)] + msgs[1:]
    return system, msgs, tools
