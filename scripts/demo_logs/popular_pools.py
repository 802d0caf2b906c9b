"""What fills the slots of popular asks: each person's own details (names, places, numbers, code, errors).

Popular asks recur across many people, but each fills them with a life of their own: a city, a salary,
a diet, a repository, a traceback from their own machine. `PopSlots` reads these tables first and falls
back to the ordinary slot table.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scripts.demo_logs.base import lines
from scripts.demo_logs.coding import CODE_LANG_WEIGHTS, CODE_LANGS, code, ident
from scripts.demo_logs.everyday import CITIES, FIRST_NAMES, HUMAN_LANGUAGES
from scripts.demo_logs.fillers import vendor
from scripts.demo_logs.lookalikes import JOB_TITLES, SCHOOLS, SKILLS
from scripts.demo_logs.slots import Slots

if TYPE_CHECKING:
    from scripts.demo_logs.textgen import TextGen

DIETS = lines("""
    vegetarian
    vegan
    gluten-free
    halal
    keto
    pescatarian
    lactose-free
    low-FODMAP
    high-protein
    low-sodium
    no particular
    mediterranean-style
""")
DISLIKES = lines("""
    mushrooms
    coriander
    olives
    eggplant
    fish
    spicy food
    tofu
    beans
    onions
    seafood
    anything with cream
    raw tomatoes
""")
FIT_GOALS = lines("""
    lose about {kg} kg before summer
    put on some muscle
    train for a half marathon
    stop feeling tired all afternoon
    get my cholesterol down
    eat healthier without spending more
    bulk for powerlifting
    feed two teenagers who are always hungry
""")
HOUSEHOLDS = lines("""
    just me
    me and my partner
    a family of four
    two adults and a toddler
    three roommates
    me and my {age}-year-old son
    a family of five with picky kids
    my elderly parents
""")
MONEY = ("${}", "€{}", "£{}", "{} dollars", "{} euros", "CAD {}", "AUD {}", "{} rupees")
WEEKLY_FOOD = (25, 30, 40, 45, 50, 60, 70, 80, 100, 120, 150)
COMPANIES_SUFFIX = ("", " Group", " Health", " Labs", " Bank", " Retail", " Logistics", " Studio")
EXTRA_JOBS = lines("""
    junior data analyst
    frontend developer
    project coordinator
    pharmacy technician
    primary school teacher
    barista
    customer success manager
    graphic designer
    accounts payable clerk
    mechanical engineering intern
    social media manager
    lab assistant
    software engineer II
    receptionist
    warehouse associate
""")
LEARN_SKILLS = lines("""
    play the guitar
    code in Python
    draw portraits
    speak conversational {hlang}
    use Excel properly
    swim
    bake sourdough
    do machine learning
    play chess at club level
    touch type
    edit videos
    invest in index funds
    do pull-ups
    play the piano
    photograph with a manual camera
""")
ESSAY_TOPICS = lines("""
    the causes of World War I
    whether social media does more harm than good
    the symbolism of the green light in The Great Gatsby
    climate change and what individuals can do
    the role of technology in education
    whether college should be free
    the impact of the printing press
    a person who influenced my life
    the theme of ambition in Macbeth
    the pros and cons of remote work
    the ethics of genetic engineering
    why voting matters
""")
CERTS = lines("""
    the AWS Solutions Architect exam
    the GRE
    the IELTS
    the CPA exam
    CompTIA Security+
    the bar exam
    the GMAT
    the USMLE Step 1
    the PMP
    the Kubernetes CKA
    my A-level chemistry
    the JLPT N3
""")
BUSINESSES = lines("""
    bakery
    dog grooming salon
    candle shop on Etsy
    coffee cart
    yoga studio
    bike repair shop
    handmade jewellery brand
    food truck
    tutoring service
    plant nursery
    vintage clothing store
    cleaning company
""")
ROLEPLAY_ROLES = lines("""
    travel guide
    interviewer
    stand-up comedian
    motivational coach
    storyteller
    personal trainer
    Socratic tutor
    English teacher
    career counselor
    Dungeon Master
    poet
    debate opponent
""")
PY_VERSIONS = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13")
OSES = ("Windows 11", "Windows 10", "macOS Sonoma", "macOS Sequoia", "Ubuntu 22.04", "Ubuntu 24.04", "Fedora 40", "WSL2")
PROJECT_DIRS = ("project", "thesis", "app", "work", "scraper", "bot", "dashboard", "hw3", "capstone", "api", "ml", "site")
USERS = ("alex", "maria", "jdoe", "sam", "dev", "user", "priya", "kenji", "tomas", "lea", "chris", "ana")


def money(r: random.Random, amount: int) -> str:
    return r.choice(MONEY).format(amount)


def user_path(r: random.Random, ext: str = "py") -> str:
    """A file path on somebody's own machine."""
    user, proj, name = r.choice(USERS), r.choice(PROJECT_DIRS), ident(r, "snake")
    return r.choice((
        f"/home/{user}/{proj}/{name}.{ext}", f"C:\\Users\\{user}\\Documents\\{proj}\\{name}.{ext}",
        f"/Users/{user}/code/{proj}/{name}.{ext}", f"./{proj}/{name}.{ext}", f"/app/src/{name}.{ext}",
    ))


def quadratic_code(r: random.Random, lang: str) -> str:
    """Somebody's own loop-in-a-loop, the code people ask 'is this O(n^2)?' about."""
    fn, a, b, acc = ident(r, "snake", verb=True), ident(r, "snake"), ident(r, "snake"), ident(r, "snake")
    op = r.choice(("==", "<", ">", "!="))
    if lang in ("JavaScript", "TypeScript"):
        fn, a, acc = ident(r, "camel", verb=True), ident(r, "camel"), ident(r, "camel")
        return (f"function {fn}({a}) {{\n  let {acc} = 0;\n  for (let i = 0; i < {a}.length; i++) {{\n"
                f"    for (let j = {r.choice(('0', 'i + 1', 'i'))}; j < {a}.length; j++) {{\n"
                f"      if ({a}[i] {op} {a}[j]) {acc}++;\n    }}\n  }}\n  return {acc};\n}}")
    if lang in ("Java", "C#", "C++"):
        return (f"int {fn}(int[] {a}) {{\n    int {acc} = 0;\n    for (int i = 0; i < {a}.length; i++)\n"
                f"        for (int j = i + 1; j < {a}.length; j++)\n            if ({a}[i] {op} {a}[j]) {acc}++;\n"
                f"    return {acc};\n}}")
    body = r.choice((
        f"    for x in {a}:\n        if x in {b}:\n            {acc}.append(x)",
        f"    for i in range(len({a})):\n        for j in range(i + 1, len({a})):\n"
        f"            if {a}[i] {op} {a}[j]:\n                {acc}.append(({a}[i], {a}[j]))",
        f"    for x in {a}:\n        {acc}.append(sum(1 for y in {b} if y {op} x))",
        f"    for x in {a}:\n        if {acc}.count(x) == 0:\n            {acc}.append(x)",
    ))
    return f"def {fn}({a}, {b}=None):\n    {acc} = []\n{body}\n    return {acc}"


def snippet(gen: TextGen, slots: Slots) -> str:
    """A fenced block of the person's own code in their language."""
    lang = slots["code_lang"]
    body = quadratic_code(gen.r, lang) if slots.get("_quadratic") else code(gen.r, lang)
    return f"```{lang.lower()}\n{body}\n```"


def quad_snippet(gen: TextGen, slots: Slots) -> str:
    slots["_quadratic"] = "1"
    return snippet(gen, slots)


def py_traceback(gen: TextGen, slots: Slots, last: str) -> str:
    r = gen.r
    path = user_path(r)
    frames = [f'  File "{path}", line {r.randint(3, 400)}, in {r.choice(("<module>", ident(r, "snake", verb=True)))}']
    for _ in range(r.randint(0, 2)):
        frames.append(f'  File "{user_path(r)}", line {r.randint(3, 400)}, in {ident(r, "snake", verb=True)}')
    return "Traceback (most recent call last):\n" + "\n".join(frames) + "\n" + last


ERROR_TAILS: dict[str, Callable[[random.Random], str]] = {
    "pandas_copy": lambda r: (f"{user_path(r)}:{r.randint(5, 300)}: SettingWithCopyWarning: \nA value is trying to be "
                              f"set on a copy of a slice from a DataFrame.\nTry using .loc[row_indexer,col_indexer] = value "
                              f"instead\n  df['{ident(r, 'snake')}'] = df['{ident(r, 'snake')}'] * {r.randint(2, 100)}"),
    "no_module": lambda r: f"ModuleNotFoundError: No module named '{r.choice(('numpy', 'pandas', 'cv2', 'sklearn', 'torch', 'requests', 'yaml'))}'",
    "nonetype": lambda r: f"TypeError: 'NoneType' object is not subscriptable",
    "circular": lambda r: (f"ImportError: cannot import name '{ident(r, 'pascal')}' from partially initialized module "
                           f"'{ident(r, 'snake')}' (most likely due to a circular import)"),
    "cuda_oom": lambda r: (f"torch.OutOfMemoryError: CUDA out of memory. Tried to allocate {r.randint(20, 900)}.00 MiB. "
                           f"GPU 0 has a total capacity of {r.choice((4, 6, 8, 12, 16, 24))}.00 GiB of which "
                           f"{r.randint(1, 90)}.{r.randint(10, 99)} MiB is free."),
}


def error_tail(key: str) -> Callable[[TextGen, Slots], str]:
    def build(gen: TextGen, slots: Slots) -> str:
        last = ERROR_TAILS[key](gen.r)
        if key == "pandas_copy" or gen.r.random() < 0.25:
            return last
        return py_traceback(gen, slots, last)
    return build


def react_key(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    comp = ident(r, "pascal")
    return (f"Warning: Each child in a list should have a unique \"key\" prop.\n\nCheck the render method of `{comp}`. "
            f"See https://reactjs.org/link/warning-keys for more information.\n    at {ident(r, 'pascal')} "
            f"(http://localhost:{r.choice((3000, 5173, 8080))}/src/components/{comp}.{r.choice(('jsx', 'tsx'))}:"
            f"{r.randint(5, 200)}:{r.randint(3, 40)})")


def cors(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    front = f"http://localhost:{r.choice((3000, 4200, 5173, 8080))}"
    back = r.choice((f"http://localhost:{r.choice((5000, 8000, 8081, 3001))}", f"https://api.{ident(r, 'snake').replace('_', '')}.com"))
    return (f"Access to fetch at '{back}/{ident(r, 'snake')}' from origin '{front}' has been blocked by CORS policy: "
            f"No 'Access-Control-Allow-Origin' header is present on the requested resource.")


def npm_eresolve(gen: TextGen, slots: Slots) -> str:
    r = gen.r
    pkg = r.choice(("react", "@angular/core", "eslint", "typescript", "webpack", "vue"))
    v1, v2 = r.randint(14, 19), r.randint(15, 19)
    return (f"npm ERR! code ERESOLVE\nnpm ERR! ERESOLVE unable to resolve dependency tree\nnpm ERR!\n"
            f"npm ERR! While resolving: {ident(r, 'snake').replace('_', '-')}@{r.randint(0, 3)}.{r.randint(0, 9)}.0\n"
            f"npm ERR! Found: {pkg}@{v1}.{r.randint(0, 3)}.{r.randint(0, 9)}\n"
            f"npm ERR! Could not resolve dependency:\nnpm ERR! peer {pkg}@\"^{v2}.0.0\" from "
            f"{r.choice(('react-router-dom', '@testing-library/react', 'eslint-config-next', 'ts-loader', 'vuetify'))}"
            f"@{r.randint(1, 9)}.{r.randint(0, 20)}.0")


def quad_eq(gen: TextGen, slots: Slots) -> str:
    """A quadratic as people type it: {a}x^2 + {b}x + {c} with the signs folded in."""
    r = gen.r
    a, b, c = r.choice((1, 1, 2, 3, -1, 4, 5)), r.randint(-12, 12), r.randint(-20, 20)
    sq = r.choice(("x^2", "x²", "x**2"))
    text = ("" if a == 1 else "-" if a == -1 else str(a)) + sq
    for coef, var in ((b, "x"), (c, "")):
        if coef:
            text += f" {'+' if coef > 0 else '-'} {abs(coef) if abs(coef) != 1 or not var else ''}{var}"
    return text + " = 0"


def _lang_pick(gen: TextGen, slots: Slots) -> str:
    return gen.r.choices(CODE_LANGS[:3], CODE_LANG_WEIGHTS[:3])[0]


POP_PICKS: dict[str, Callable[[random.Random], str]] = {
    "name": lambda r: r.choice(FIRST_NAMES), "city2": lambda r: r.choice(CITIES), "diet": lambda r: r.choice(DIETS),
    "dislike": lambda r: r.choice(DISLIKES), "kg": lambda r: str(r.randint(3, 25)),
    "kcal": lambda r: str(r.randrange(1400, 3300, 100)), "meals_n": lambda r: str(r.choice((3, 4, 5, 7, 14))),
    "food_budget": lambda r: money(r, r.choice(WEEKLY_FOOD)),
    "salary": lambda r: money(r, r.randrange(1800, 9000, 50)) + r.choice((" a month", " per month", " after tax")),
    "job": lambda r: r.choice(JOB_TITLES + EXTRA_JOBS), "years": lambda r: str(r.randint(1, 15)),
    "company": lambda r: vendor(r).split(" ")[0] + r.choice(COMPANIES_SUFFIX), "skill": lambda r: r.choice(SKILLS),
    "skill2": lambda r: r.choice(SKILLS), "school": lambda r: r.choice(SCHOOLS), "months": lambda r: str(r.randint(2, 12)),
    "hours_week": lambda r: str(r.choice((2, 3, 4, 5, 6, 8, 10, 15))), "essay_topic": lambda r: r.choice(ESSAY_TOPICS),
    "words": lambda r: str(r.choice((300, 500, 600, 750, 800, 1000, 1200, 1500))), "cert": lambda r: r.choice(CERTS),
    "weeks": lambda r: str(r.randint(3, 16)), "business": lambda r: r.choice(BUSINESSES),
    "rp_role": lambda r: r.choice(ROLEPLAY_ROLES), "pyver": lambda r: r.choice(PY_VERSIONS),
    "os": lambda r: r.choice(OSES), "days_n": lambda r: str(r.randint(2, 10)),
    "grade": lambda r: r.choice(("8th grade", "9th grade", "10th grade", "11th grade", "first-year uni", "AP", "GCSE")),
    "target": lambda r: str(r.randint(-20, 200)), "nums": lambda r: "[" + ", ".join(str(r.randint(-9, 60)) for _ in range(r.randint(4, 8))) + "]",
    "fizz_n": lambda r: str(r.choice((15, 20, 30, 50, 100))), "rent": lambda r: money(r, r.randrange(600, 3500, 25)),
    "price_home": lambda r: money(r, r.randrange(150, 900, 5) * 1000), "km": lambda r: str(r.choice((5, 10, 21))),
    "principal": lambda r: money(r, r.randrange(500, 50000, 500)), "rate": lambda r: f"{r.randint(2, 12)}.{r.choice((0, 5, 25, 75))}%",
}
POP_BUILT: dict[str, Callable[[TextGen, Slots], str]] = {
    "household": lambda gen, slots: gen.r.choice(HOUSEHOLDS).replace("{age}", str(gen.r.randint(3, 16))),
    "fit_goal": lambda gen, slots: gen.r.choice(FIT_GOALS).replace("{kg}", str(gen.r.randint(3, 20))),
    "learn_skill": lambda gen, slots: gen.r.choice(LEARN_SKILLS).replace("{hlang}", gen.r.choice(HUMAN_LANGUAGES)),
    "code_lang": _lang_pick, "quad_eq": quad_eq,
    "snippet": snippet, "quad_snippet": quad_snippet,
    "err_pandas_copy": error_tail("pandas_copy"), "err_no_module": error_tail("no_module"),
    "err_nonetype": error_tail("nonetype"), "err_circular": error_tail("circular"), "err_cuda_oom": error_tail("cuda_oom"),
    "err_react_key": react_key, "err_cors": cors, "err_npm": npm_eresolve,
    "mypath": lambda gen, slots: user_path(gen.r),
    "reqs": lambda gen, slots: ", ".join(gen.r.sample(SKILLS, gen.r.randint(2, 4))),
}


@dataclass(frozen=True)
class Family:
    """One popular ask: the phrasings people word it with (each filled with their own details)."""

    id: str
    phrasings: tuple[str, ...]


def families(prefix: str, table: dict[str, str]) -> tuple[Family, ...]:
    """Families from a table of id -> phrasings, one a line (a literal \\n inside a line is a line break)."""
    return tuple(Family(f"{prefix}{key}", tuple(p.replace("\\n", "\n") for p in lines(block)))
                 for key, block in table.items())


class PopSlots(Slots):
    """Slots that read the popular-ask tables first, then the ordinary ones."""

    def __missing__(self, key: str) -> str:
        pick = POP_PICKS.get(key)
        if pick is not None:
            value = pick(self.gen.r)
        elif key in POP_BUILT:
            value = POP_BUILT[key](self.gen, self)
        else:
            return super().__missing__(key)
        self[key] = value
        return value
