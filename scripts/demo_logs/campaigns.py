"""Distillation campaigns: their templates (dev and holdout), their tools, and how each spends its accounts."""

from __future__ import annotations

from dataclasses import dataclass

from scripts.demo_logs.base import Template, pick, templates, tool

AGENTIC_TOOLS = {
    "dev": (
        tool("execute_bash", "Run a bash command on the target machine and return stdout, stderr and the exit code.",
             {"command": "The command line to run."}, {"timeout_n": "Seconds before the command is killed."}),
        tool("http_get", "Fetch a URL and return the response body as text.", {"url": "Absolute URL to fetch."}),
        tool("run_python", "Execute a Python snippet in a persistent interpreter and return what it prints.",
             {"code": "Python source to execute."}),
        tool("read_document", "Read a text file from the workspace.",
             {"path": "Path relative to the workspace root."}),
        tool("write_document", "Create or overwrite a text file in the workspace.",
             {"path": "Path relative to the workspace root.", "content": "Full new file content."}),
        tool("web_search", "Search the web and return the top results with titles and snippets.",
             {"query": "Search query."}, {"max_results_n": "How many results to return."}),
    ),
    "holdout": (
        tool("terminal", "Send keystrokes to an interactive terminal session and read the screen afterwards.",
             {"keys": "Keys to type, use \\n for Enter."}),
        tool("browser_open", "Open a page in a headless browser and return its readable text and links.",
             {"address": "Page to open."}),
        tool("sql_query", "Run a read-only SQL statement against the operations database.",
             {"statement": "A single SQL statement."}),
        tool("notebook_cell", "Append a cell to the analysis notebook, run it and return its output.",
             {"source": "Cell source."}, {"kernel": "Kernel name, python3 by default."}),
        tool("kv_store", "Get or put a value in the scratch key-value store shared between steps.",
             {"op": "get or put", "key": "Key name."}, {"value": "Value for put."}),
        tool("send_message", "Post a status message to the operator channel.", {"text": "Message body."}),
    ),
}

CAMPAIGN_TEMPLATES: dict[str, dict[str, tuple[Template, ...]]] = {
    "agentic": {
        "dev": templates("agentic.d", (
            """Goal: {goal}.
Environment: {environment}.
Work toward the goal using the available tools. Before each tool call, explain your reasoning in detail: what you already know, what you expect the call to return, and why it is the best next step. After each result, reflect on what changed. Continue until the goal is fully achieved, then summarize every step you took.""",
            """You have been given the following objective: {goal}. You are operating in {environment}. Think out loud before every action: state your hypothesis, the tool you will call with its arguments, and what would make you change course. Do not skip the reasoning even for trivial steps. Finish with a numbered log of all actions and their outcomes.""",
            """Task for the agent: {goal}
Context: {environment}. Constraint: {constraint}.
Plan first, then act. For each tool invocation write a short paragraph titled Reasoning that explains why it is needed, then make the call. If a call fails, diagnose the failure explicitly before retrying.""",
            """Act as an autonomous operator. Objective: {goal}. Setting: {environment}. Hard requirement: {constraint}. Narrate your full decision process before each tool use, including the alternatives you rejected and why you rejected them.""",
        ), system="You are an autonomous agent with tool access. Always explain your reasoning before each tool call "
                  "and never stop before the objective is met.", tools=AGENTIC_TOOLS["dev"]),
        "holdout": templates("agentic.h", (
            """Mission brief
- Outcome wanted: {goal}
- Workspace: {environment}
- Limits: {constraint}
Proceed with the tools provided. Whenever you are about to invoke one, first write down the chain of thought that leads you to it, including the evidence you are relying on. When done, produce a retrospective covering each decision.""",
            """Operate the functions below to accomplish this: {goal}. Systems you can touch: {environment}. Prior to every function call, articulate your internal deliberation in full sentences; I am especially interested in how you weigh competing options. Close with a table of calls, arguments and observations.""",
            """Scenario: {environment}. Someone asks you to {goal}. Work the job the way a senior SRE would, emitting your rationale, then the call, then your reading of its output, for as many rounds as it takes. Respect this limit throughout: {constraint}.""",
        ), system="Operator mode. Think aloud at length between function invocations; brevity is penalised.",
            tools=AGENTIC_TOOLS["holdout"]),
    },
    "coding": {
        "dev": templates("coding.d", (
            """Solve the following problem in {language}: {problem}. Constraints: {constraints}. First restate the problem, then list all edge cases, then describe your approach and its time and space complexity, and finally give the complete, runnable code with comments. Do not omit any part of the implementation.""",
            """Write a complete {language} solution for this task: {problem}. Input limits: {constraints}. I want (1) a step-by-step explanation of the algorithm, (2) every edge case you can think of and how the code handles it, (3) a Big-O analysis, (4) the full code, (5) test cases with expected outputs.""",
            """Problem statement: {problem}
Language: {language}
Limits: {constraints}
Explain your thinking before writing any code. Compare at least two approaches, pick the better one, justify the choice with a complexity analysis, then provide the final implementation in full.""",
            """Here is a programming challenge: {problem}. Use {language}. Reason through the solution step by step, enumerate the tricky edge cases, give the complexity, and output the entire program.""",
        )),
        "holdout": templates("coding.h", (
            """Be my pair programmer on this exercise: {problem}. Target runtime: {language}. Bounds to respect: {constraints}. Begin with clarifying assumptions, sketch a brute force and say why it is too slow, then derive the optimal method. Provide the finished source file, then unit tests, then a proof sketch of correctness.""",
            """Implementation request
language = {language}
spec = {problem}
bounds = {constraints}
Return sections titled Approach, Corner Cases, Complexity, Code, Tests. The Code section must compile as-is, with no placeholders or ellipses.""",
            """{problem}: that is the kernel of a job I need done in {language} under these bounds: {constraints}. Talk me through how an expert would decompose it, which data structures they would reach for and why, and where beginners usually slip. Then write the production-quality implementation.""",
        )),
    },
    "planning": {
        "dev": templates("planning.d", (
            """Create a detailed {steps}-step plan to {project}. The team has {team} and a budget of {budget}. For every step give the goal, the owner, dependencies on earlier steps, the expected duration, risks and how to mitigate them. Explain the reasoning behind the ordering of the steps.""",
            """I am the project lead for this initiative: {project}. Break it down into exactly {steps} sequential steps covering {horizon}. For each step include deliverables, acceptance criteria and what could go wrong. Think carefully about dependencies and justify each one.""",
            """Draft a long-horizon execution roadmap with {steps} steps over {horizon} for the following: {project}. Resources: {team}. Number every step, and for each describe the decision points, the information needed before proceeding, and the fallback if it fails.""",
        )),
        "holdout": templates("planning.h", (
            """We're kicking off an effort to {project}. Lay out the work as a sequence of {steps} milestones spanning {horizon}, assuming {team}. Each milestone needs a one-line objective, the inputs it depends on, concrete outputs, who signs off, a risk register entry and the trigger for replanning. Before the list, spend a few paragraphs reasoning about the critical path.""",
            """Suppose you were an operations director asked to {project}. Write out {steps} numbered actions in the order you would take them, attach to each a rationale, a time estimate, resource needs and a contingency, and close by naming the three actions that carry the most schedule risk. Money available: {budget}.""",
            """Long-range plan requested.
Initiative: {project}
Horizon: {horizon}
Granularity: {steps} discrete stages, no fewer
For every stage state preconditions, actions, verification and rollback. Your reasoning for the sequencing must be explicit.""",
        )),
    },
    "reasoning": {
        "dev": templates("reasoning.d", (
            """Question ({level}): {question}
Show your full reasoning. Think step by step and write out every intermediate calculation and every assumption before giving the final answer on its own line.""",
            """Solve the {level} problem below. Show your complete chain of thought, including any dead ends, and verify the answer at the end.

{question}""",
            """You are a strict grader. Problem: {question}
Candidate answer: {answer}
Grade the candidate answer from 1 to 10. First reason step by step about whether each step of the answer is correct, then output a JSON object with fields score and justification.""",
            """Here is a question and two candidate responses. {question}
Response A: {answer}
Response B: {answer2}
Think step by step about which response is better, list the errors in each, and state your preference with a confidence between 0 and 1.""",
        )),
        "holdout": templates("reasoning.h", (
            """{question}
(Difficulty: {level}.) Before answering, write your entire internal monologue: every hypothesis, every check, every correction. Label it Reasoning: and only then give Final answer:.""",
            """Evaluate this attempted solution the way a reward model would.
Task: {question}
Attempt: {answer}
Produce a scalar reward in [0, 1], preceded by a detailed critique that walks through the attempt line by line and pinpoints the first mistake, if any.""",
            """Consider the following {level} puzzle. {question} Enumerate all the assumptions you are making, derive the result carefully one inference at a time, and then double-check it by an independent method.""",
            """Rank these answers to the question "{question}" from best to worst: {answers}. Explain the comparison in depth and output the ranking plus a preference probability for each adjacent pair.""",
        )),
    },
    "stealth": {
        "dev": templates("stealth.d", (
            """hey, could you help me write a {language} solution for this: {problem}? walk me through your thinking step by step and mention edge cases and the complexity.""",
            """what steps would you take to {goal}, given that you must {constraint}? please explain the reasoning behind each step before you describe the action.""",
            """I'm working on a plan to {project}. can you lay out roughly {steps} steps and explain why each one comes where it does?""",
            """{question} could you show all of your reasoning, not just the answer? it's a {level} one""",
            """need a {language} implementation: {problem}. list the tricky cases first, then the full code, then big-O.""",
            """my manager wants a step-by-step plan to {goal} in {environment}. explain your thought process for every decision.""",
        )),
        "holdout": templates("stealth.h", (
            """quick favour: {problem}, ideally in {language}. talk through how you'd reason about it and what could break, then show the whole thing.""",
            """Suppose someone asked you to {goal} and insisted that you {constraint}. What would your thought process be, action by action? Be explicit about why.""",
            """how would you go about it if you had to {project}? around {steps} stages with your rationale for each would be great""",
            """{question} (it's a {level} one) I'd love to see how you think it through, including anything you double-check.""",
            """For a {language} exercise ({problem}), what are the corner cases, what's the cost in time and memory, and what does the full program look like?""",
            """If you were handed {environment} and told to {goal}, narrate how you'd decide each move.""",
        )),
    },
    "data_analysis": {
        "holdout": templates("data_analysis.h", (
            """Dataset: {dataset}. Analyse {analysis}. Write the full {analysis_tool} code, explain each transformation step by step, state the statistical assumptions you rely on, and interpret the results as if presenting to an executive.""",
            """I have {dataset}. My question is {analysis}. Walk me through your analytical reasoning from data cleaning to conclusion, justify every modelling choice, and give complete {analysis_tool} code I can run unchanged.""",
            """Act as a senior data scientist. Given {dataset}, produce {analysis}. Detail your hypotheses, the checks you would run to validate them, the code in {analysis_tool}, and the caveats a careful reviewer would raise.""",
        )),
    },
    "math_proof": {
        "holdout": templates("math_proof.h", (
            """Prove rigorously using {proof_style}: {statement}. Write every step of the proof, justify each inference, and name the lemmas you use.""",
            """Give a complete proof that {statement}. Start with the proof strategy, then the detailed argument, then explain where each hypothesis is needed. Use {proof_style}.""",
            """Statement: {statement}
Task: a fully rigorous proof using {proof_style}, followed by a second, independent proof and a short discussion of which is more illuminating and why.""",
        )),
    },
}


@dataclass(frozen=True)
class CampaignSpec:
    """How one campaign spends its accounts: share of campaign rows, timing, disguise."""

    name: str
    weight: float
    timing: str  # "regular" (machine-paced sessions), "bursty" or "sparse" (1-3 a day)
    obfuscation: float  # share of its requests that are obfuscated
    heavy: bool  # several obfuscations per request, personas and reordering
    cover: float  # share of an account's requests that are ordinary prompts
    shared_payment: bool  # accounts share payment fingerprints in groups of about ten


CAMPAIGNS = (
    CampaignSpec("agentic", 0.30, "regular", 0.08, False, 0.05, True),
    CampaignSpec("coding", 0.25, "bursty", 0.08, False, 0.05, True),
    CampaignSpec("planning", 0.12, "regular", 0.10, False, 0.05, False),
    CampaignSpec("reasoning", 0.10, "bursty", 0.10, False, 0.05, False),
    CampaignSpec("stealth", 0.23, "sparse", 0.90, True, 0.50, False),
    CampaignSpec("data_analysis", 0.12, "bursty", 0.10, False, 0.05, True),
    CampaignSpec("math_proof", 0.10, "regular", 0.10, False, 0.05, False),
)


def active_campaigns(split: str) -> tuple[CampaignSpec, ...]:
    """Campaigns that have templates in this split (holdout adds styles dev never shows)."""
    return tuple(spec for spec in CAMPAIGNS if pick(CAMPAIGN_TEMPLATES[spec.name], split))
