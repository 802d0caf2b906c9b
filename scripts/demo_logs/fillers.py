"""Slot values that are built rather than picked: numbers with structure, puzzles, documents, code.

Each takes the text generator (for its random stream and its prose) and the slots of the text being
filled (for values that depend on an earlier slot); the order of random draws is the generator's contract.
"""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING

from scripts.demo_logs.asks import ASK_FRAMES
from scripts.demo_logs.campaign_pools import DATA_ANALYSES, DATA_ENTITIES, PETS, PRIMES
from scripts.demo_logs.coding import ERROR_FRAMES, ident, py_code
from scripts.demo_logs.everyday import CITIES, DAYS_OF_WEEK, FIRST_NAMES
from scripts.demo_logs.lookalikes import (
    COLOURS, CONTRACT_DUTIES, CONTRACT_PARTIES, INVOICE_ITEMS, JOB_TITLES, LOG_COMPONENTS, LOG_MESSAGES, MATERIALS,
    PRODUCT_KINDS, RUBRIC_ITEMS, SCHOOLS, SKILLS, VENDOR_SUFFIXES, VENDOR_WORDS,
)
from scripts.demo_logs.topics import DOMAINS

if TYPE_CHECKING:
    from scripts.demo_logs.slots import Slots
    from scripts.demo_logs.textgen import TextGen


def t2(gen: TextGen, slots: Slots) -> str:
    pool = DOMAINS[slots.domain]
    first = slots["t"]
    choice = gen.r.choice(pool)
    return choice if choice != first else pool[(pool.index(choice) + 1) % len(pool)]


def n(gen: TextGen, slots: Slots) -> str:
    return str(gen.r.choice((gen.r.randint(2, 60), gen.r.randint(50, 900), gen.r.randint(100, 20000))))


def err(gen: TextGen, slots: Slots) -> str:
    frames = ERROR_FRAMES.get(slots["lang"]) or ERROR_FRAMES["Python"]
    return "`" + gen.fill(gen.r.choice(frames)) + "`"


def constraints(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    parts = [f"n up to {10 ** r.randint(3, 7):,}", f"values up to {r.choice((10**9, 2**31 - 1, 10**18, 10**6))}"]
    if r.random() < 0.6:
        parts.append(f"time limit {r.choice((1, 2, 3, 5))} s")
    if r.random() < 0.4:
        parts.append(f"memory limit {r.choice((64, 128, 256, 512))} MB")
    r.shuffle(parts)
    return ", ".join(parts)


def team(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    lead = r.choice(("a part-time PM", "two PMs", "no PM", "an ops lead", "a contractor for compliance"))
    return f"{r.randint(2, 40)} engineers, {r.randint(2, 8)} designers and {lead}"


def horizon(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    return r.choice((f"{r.randint(3, 24)} months", f"{r.randint(8, 60)} weeks", f"{r.randint(2, 8)} quarters"))


def question(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    family = r.randrange(12)
    a, b, c = r.randint(2, 30), r.randint(2, 30), r.randint(2, 30)
    if family == 0:
        return (f"{a} workers finish a job in {b} days. How many days would {a + c} workers need "
                f"if {min(c, a)} of them work at half speed?")
    if family == 1:
        return (f"A bag holds {a} red, {b} green and {c} blue marbles. Drawing {r.randint(2, 5)} without replacement, "
                f"what is the probability that exactly {r.randint(1, 2)} are red?")
    if family == 2:
        c1, c2 = r.sample(CITIES, 2)
        return (f"Two trains leave {c1} and {c2}, {r.randint(100, 900)} km apart, at {r.randint(40, 160)} km/h and "
                f"{r.randint(40, 160)} km/h toward each other. When and where do they meet?")
    if family == 3:
        period = r.choice(("monthly", "quarterly", "daily", "yearly"))
        return (f"An account pays {r.randint(1, 12)}.{r.randint(0, 9)}% interest compounded {period}. "
                f"How long until a deposit of ${r.randint(1, 90) * 100} doubles?")
    if family == 4:
        n1, n2, n3 = r.sample(FIRST_NAMES, 3)
        p1, p2, p3 = r.sample(PETS, 3)
        return (f"{n1}, {n2} and {n3} each own a different pet: a {p1}, a {p2} and a {p3}. "
                f"{n1} is allergic to fur and {n2} does not own the {p2}. Who owns which pet?")
    if family == 5:
        return (f"A {a + 5} m ladder leans against a wall with its foot {min(a, b)} m from the wall. "
                f"If the foot slides out by {r.randint(1, 3)} m, how far does the top drop?")
    if family == 6:
        base, power = r.randint(2, 99), r.randint(10, 999)
        return f"What is the remainder when {base}^{power} is divided by {r.randint(3, 97)}?"
    if family == 7:
        n = r.randint(5, 12)
        return (f"In how many ways can {n} people sit at a round table if two particular people refuse to sit "
                "next to each other and a third must sit facing the door?")
    if family == 8:
        return (f"A ball is thrown upward at {a} m/s from the roof of a {b * 3} m building. "
                "How long until it hits the ground, and what is its speed at impact?")
    if family == 9:
        return (f"How many litres of {a}% acid solution must be mixed with {b} litres of {a + c + 10}% solution "
                f"to get a mixture at {a + 5}%?")
    if family == 10:
        return f"What is the angle between the hands of a clock at {r.randint(1, 12)}:{r.randint(0, 59):02d}?"
    dice, sides = r.randint(2, 5), r.choice((4, 6, 8, 10, 12, 20))
    return (f"You roll {dice} fair {sides}-sided dice and win the highest value shown minus {r.randint(1, 4)} "
            "dollars. What is the expected payout?")


def answer(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    x, y = r.randint(2, 500), r.randint(2, 500)
    op = r.choice(("+", "-", "*", "/"))
    opener = r.choice((
        "First compute", "Setting up the equation gives", "By symmetry we get", "Using the standard formula,",
        "Counting directly,",
    ))
    final = r.choice((str(r.randint(1, 999)), f"{r.random():.3f}", f"{r.randint(1, 99)}/{r.randint(2, 99)}"))
    return f"{opener} {x} {op} {y} = {r.randint(1, 9999)}, so the answer is {final}."


def choices(gen: TextGen, slots: Slots) -> str:
    values = gen.r.sample(range(1, 1000), 4)
    return " ".join(f"({letter}) {v}" for letter, v in zip("ABCD", values))


def statement(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    family = r.randrange(8)
    if family == 0:
        p = r.choice(PRIMES)
        return f"n^{p} - n is divisible by {p} for every integer n"
    if family == 1:
        k = r.randint(2, 9)
        return f"the product of any {k} consecutive integers is divisible by {k}!"
    if family == 2:
        m = r.choice([v for v in range(2, 200) if int(v ** 0.5) ** 2 != v])
        return f"the square root of {m} is irrational"
    if family == 3:
        n = r.randint(4, 40)
        return f"every connected graph with {n} vertices and {n - 1} edges is a tree"
    if family == 4:
        b = r.randint(2, 9)
        n0 = next(n for n in range(1, 100) if all(math.factorial(m) > b ** m for m in range(n, n + 40)))
        return f"n! > {b}^n for every integer n >= {n0}"
    if family == 5:
        k = r.randint(2, 7)
        return (f"the arithmetic mean of {k} positive reals is at least their geometric mean, "
                f"with equality only when all {k} are equal")
    if family == 6:
        n = r.randint(3, 60)
        return f"in any group of {n} people, two of them have the same number of friends within the group"
    a = r.choice((3, 4, 5, 6, 7, 8, 9, 10, 11, 12))
    b = r.choice([v for v in range(1, a) if math.gcd(v, a) == 1])
    return f"there are infinitely many primes congruent to {b} modulo {a}"


def dataset(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    entity = r.choice(tuple(DATA_ENTITIES))
    slots["_entity"] = entity
    cols = DATA_ENTITIES[entity]
    shown = ", ".join(r.sample(cols, r.randint(4, len(cols))))
    return f"a {r.randint(2, 900) * 1000:,}-row table of {entity} with columns {shown}"


def analysis(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    cols = DATA_ENTITIES[slots.get("_entity") or r.choice(tuple(DATA_ENTITIES))]
    metric, dim = r.sample([c for c in cols if not c.endswith("_id")], 2)
    return r.choice(DATA_ANALYSES).format(metric=metric, dim=dim)


def rubric(gen: TextGen, slots: Slots) -> str:
    items = gen.r.sample(RUBRIC_ITEMS, gen.r.randint(3, 5))
    return "\n".join(f"{i + 1}. {item}" for i, item in enumerate(items))


def ticket(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    ask = gen.fill(r.choice(ASK_FRAMES["advice"]), "home")
    return gen.style(f"{gen.paragraph(r.randint(1, 3))} {ask} Order {r.randint(10000, 99999)}.")


def vendor(r: random.Random) -> str:
    """A company name, as vendors, employers and product brands use."""
    return f"{r.choice(VENDOR_WORDS)} {r.choice(VENDOR_SUFFIXES)}"


def invoice(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    lines = []
    for item in r.sample(INVOICE_ITEMS, r.randint(1, 4)):
        lines.append(f"{item}  x{r.randint(1, 40)}  {r.randint(5, 3000)}.{r.randint(0, 99):02d}")
    cur = r.choice(("EUR", "USD", "GBP", "CHF"))
    return (f"{vendor(r)}\nInvoice no. {r.choice(('INV', 'F', 'RE'))}-{r.randint(1000, 99999)}\n"
            f"Date: {r.randint(1, 28):02d}/{r.randint(1, 12):02d}/2026\n" + "\n".join(lines)
            + f"\nTotal due ({cur}): {r.randint(50, 90000)}.{r.randint(0, 99):02d}")


def diff(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    path = f"src/{ident(r, 'snake')}/{ident(r, 'snake')}.py"
    old, new = py_code(r).splitlines(), py_code(r).splitlines()
    start = r.randint(1, 400)
    body = "\n".join([f"-{line}" for line in old[:3]] + [f"+{line}" for line in new[:4]])
    return f"--- a/{path}\n+++ b/{path}\n@@ -{start},3 +{start},4 @@\n{body}"


def listing(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    words = [
        r.choice(VENDOR_WORDS).upper(), r.choice(PRODUCT_KINDS), r.choice(COLOURS),
        r.choice(("S", "M", "L", "XL", "42", "one size", "10 inch")), r.choice(MATERIALS),
        r.choice(("NEW", "free shipping", "best price!!", "limited", "")),
    ]
    r.shuffle(words)
    return r.choice((" ", " - ", " | ", ", ")).join(w for w in words if w)


def sender(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    domain = f"{r.choice(VENDOR_WORDS).lower()}.{r.choice(('com', 'de', 'io', 'co.uk', 'net'))}"
    return f"{r.choice(FIRST_NAMES).lower()}.{ident(r, 'snake')}@{domain}"


def contract(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    clauses = []
    for i in range(r.randint(2, 5)):
        duty = gen.fill(r.choice(CONTRACT_DUTIES))
        month = r.choice(("March", "June", "September", "December"))
        when = r.choice(("within 30 days of the Effective Date", f"no later than {r.randint(1, 28)} {month} 2027",
                         "at all times during the Term", "upon written request"))
        party = r.choice(CONTRACT_PARTIES)
        clauses.append(f"{r.randint(2, 19)}.{i + 1} {party[0].upper()}{party[1:]} shall {duty} {when}.")
    if r.random() < 0.5:
        clauses.append(f"Late performance incurs a penalty of {r.randint(1, 10)}% of the monthly fee per week of delay.")
    return "\n".join(clauses)


def host(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    return f"{r.choice(LOG_COMPONENTS)}-{r.randint(1, 40):02d}.{r.choice(('eu-west', 'us-east', 'ap-south'))}"


def log_lines(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    out = []
    for _ in range(r.randint(3, 8)):
        level = r.choice(("INFO", "INFO", "WARN", "ERROR", "DEBUG"))
        stamp = f"2026-11-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}Z"
        message = gen.fill(r.choice(LOG_MESSAGES))
        out.append(f"{stamp} {level} [{r.choice(LOG_COMPONENTS)}] {message}")
    return "\n".join(out)


def resume(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    name = f"{r.choice(FIRST_NAMES)} {r.choice(VENDOR_WORDS)}"
    years = sorted(r.sample(range(2004, 2022), r.randint(1, 3)))
    jobs = "\n".join(f"{r.choice(JOB_TITLES)}, {vendor(r)} ({y}-{y + r.randint(1, 6)})" for y in years)
    degree = f"{r.choice(('BSc', 'BA', 'MSc', 'MBA', 'Diploma'))}, {r.choice(SCHOOLS)}"
    skills = ", ".join(r.sample(SKILLS, r.randint(3, 6)))
    return (f"{name.upper()}\n{r.choice(CITIES)} | {sender(gen, slots)}\n\nEXPERIENCE\n{jobs}\n\n"
            f"EDUCATION\n{degree}\n\nSKILLS\n{skills}")


def transcript(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    people = r.sample(FIRST_NAMES, r.randint(2, 4))
    lines = []
    for _ in range(r.randint(4, 10)):
        promise = f" I'll take that, by {r.choice(DAYS_OF_WEEK)}." if r.random() < 0.3 else ""
        lines.append(f"{r.choice(people)}: {gen.sentence()}{promise}")
    return "\n".join(lines)
