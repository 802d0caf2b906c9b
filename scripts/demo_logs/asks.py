"""Frames of ordinary asks by intent, with the context, constraints and closings users wrap them in."""

from __future__ import annotations

from scripts.demo_logs.base import lines

# Short frames for the core ask of an ordinary prompt, grouped by intent. Each is only a
# few fixed words around topics, numbers, people and places drawn from the pools above.
ASK_FRAMES: dict[str, tuple[str, ...]] = {
    "explain": lines("""
        can you explain {t}?
        explain {t} like I'm {age}
        ELI5 {t}
        help me understand {t}. {why}
        I don't really get {t}
        what exactly is going on with {t}?
        could you break down {t} for {role}?
        in plain English: {t}?
        what is the intuition behind {t}
        I keep hearing about {t} but {confusion}
        teach me the basics of {t}
        can u explain {t} pls
        what should a beginner know about {t}?
        give me the two-minute version of {t}
        how does {t} actually work?
        why do people care so much about {t}?
        what's the backstory of {t}
        is there a simple mental model for {t}?
        what are the key ideas in {t}, most important first
        explain {t} and {t2} and how they connect
    """),
    "advice": lines("""
        what should I do about {t}?
        any tips for {t}?
        I need advice on {t}
        how do I deal with {t}
        what's the smartest way to approach {t} {small_constraint}?
        how would you handle {t} if you were me
        common mistakes with {t}?
        how can I get better at {t} in {k} weeks
        honest opinion: is {t} worth it for {role}?
        where do I even start with {t}
        best practices for {t}?
        how worried should I be about {t}
        what would you prioritize, {t} or {t2}?
        how do people usually handle {t} on a tight budget
        is it normal to struggle with {t}
        which questions should I ask about {t} before committing
        {t}: what am I missing?
        realistically how long until I'm decent at {t}?
        a reasonable first step for {t} this weekend?
        I'm {feeling} about {t}. what would you do?
    """),
    "compare": lines("""
        what's the difference between {t} and {t2}?
        {t} vs {t2}, which makes more sense for {role}?
        should I focus on {t} or {t2} first
        compare {t} and {t2} in a table
        pros and cons of {t} versus {t2}
        is {t} overrated compared to {t2}?
        how is {t} related to {t2}, if at all
        {t} or {t2}? I have {k} hours a week
    """),
    "question": lines("""
        is {t} worth it?
        how long does {t} usually take?
        how much does {t} cost in {city}?
        does {t} actually work or is it hype
        what are the risks of {t}
        how did {t} start?
        who should I follow to learn about {t}?
        why is {t} so {adj}?
        good book on {t}?
        what happens if you ignore {t} for {k} months?
        any myths about {t} I should know
        most surprising fact about {t}?
        can {t} be done in {k} days realistically
        underrated resources for {t}
        where do experts disagree about {t}?
        what's changed about {t} in the last {k} years
        {k} things nobody tells you about {t}
        is {t} different in {city} than elsewhere?
        what do I need to buy to get started with {t}?
        how would you sell {t} to a skeptic
    """),
    "brainstorm": lines("""
        give me {k} ideas for {t}
        brainstorm names for a project about {t}, something {adj}
        {k} creative ways to work {t} into a {event}
        ideas for a {event} themed around {t}?
        help me come up with a hook for a video about {t}
        some unusual angles on {t} for an essay
        what could I make or do with {t} in a weekend
        suggest {k} questions to ask an expert on {t}
        I want a side project around {t}. ideas?
        gift ideas for someone obsessed with {t}, budget ${n}
    """),
    "plan": lines("""
        help me plan a {event} in {city} for {n} people
        make a {k}-day schedule to get started with {t}
        weekly plan for {t}, I have about {k} hours
        can you make a checklist for {t} before {deadline}
        I want to be decent at {t} by {deadline}. how should I structure it?
        build me a simple routine around {t}
        plan a budget for {t} with ${n}
        what order should I tackle {t} and {t2} in
    """),
    "chat": lines("""
        tell me a joke about {t}
        what do you think about {t}?
        I'm bored. talk to me about {t}
        fun fact about {t} please
        I just {pv} {t}!! {feeling}
        random question but do you know much about {t}
        hot take on {t}?
        write a silly rhyme about {t}
        if {t} were a person what would it be like
        argue against {t} for a minute
    """),
}

WRITE_VERBS = lines("""
    write
    draft
    can you write
    help me write
    compose
    I need
    put together
    could you draft
    please write
    make me
    I have to write
    whip up
    give me
    can I get
""")

ARTIFACTS = lines("""
    a short email about
    a poem about
    a blog post on
    an outline for a talk on
    a social media thread about
    a cover letter that mentions
    a {n}-word summary of
    a list of interview questions about
    a short story involving
    a checklist for
    a toast that jokes about
    talking points on
    an FAQ about
    a newsletter section on
    a forum post asking about
    a text to my {rel} about
    a lesson plan on
    a one-page handout on
    a script for a 60-second video on
    a product review that mentions
    a limerick about
    flashcards on
    an encouraging note about
    an apology message that involves
    a birthday card that mentions
""")

AUDIENCES = lines("""
    for my {rel}
    for {role}
    for total beginners
    for my team at work
    for {age}-year-olds
    for a newsletter with {n} readers
    for LinkedIn
    for a school assignment
    for a community group in {city}
    for my grandparents
""")

EDIT_ASKS = lines("""
    can you proofread this
    make this sound more professional
    shorten this to about {n} words
    fix the grammar please
    rewrite this so it sounds friendlier
    is this paragraph clear?
    make this less awkward
    tighten this up
    rewrite in simpler words
    turn this into bullet points
    does this flow ok
    make it sound less stiff
    edit for clarity but keep my voice
    what's wrong with this paragraph
""")

SUMMARY_ASKS = lines("""
    summarize this
    tl;dr?
    what's the main point here
    summarize in {k} bullets
    pull out the key claims from this
    what is the author actually arguing
    give me the gist
    explain this to me like I skipped the reading
""")

TRANSLATE_ASKS = lines("""
    translate to {hlang}:
    how would you say this in {hlang}?
    can you put this into {hlang}
    {hlang} version of this please:
    natural {hlang} for this?
""")

MATH_ASKS = lines("""
    what's {n} times {n2}
    if I save ${n} a month at {pct}% a year, how much do I have after {k} years?
    convert {n} {unit} to {unit2}
    solve {k}x + {n} = {n2}
    what's {pct}% of {n}
    split a ${n} bill between {k} people with a {pct}% tip
    how long to drive {n} km at {k}0 km/h
    is {n} a prime number
    average of {n}, {n2} and {k}?
    if rent goes up {pct}% from ${n}, what's the new rent
""")

CONTEXT_FRAMES = lines("""
    I'm {role}.
    I'm {role} in {city}.
    {role_cap} here.
    Some background: I'm {role}, {age} years old.
    My {rel} {pv} {t} {time} and {outcome}.
    {time_cap} I {pv} {t} and {outcome}.
    We have {k} {plural} and {small_constraint_plain}.
    Budget is about ${n}.
    I have maybe {k} hours a week for this.
    The deadline is {deadline}.
    For context, {sentence_lc}
    I read somewhere that {sentence_lc} Not sure that's right.
    I'm in {city}, if that matters.
    I'm feeling {feeling} because {sentence_lc}
    {sentence}
    {sentence} {sentence}
    Long story short, {sentence_lc}
    It's for my {rel}, who is {role}.
""")

CONSTRAINT_FRAMES = lines("""
    keep it under {n} words
    bullet points please
    no jargon
    put it in a table
    make it funny
    be blunt
    cite sources if you can
    explain it for someone who is {age}
    answer in {hlang} if possible
    formal tone please
    keep it casual
    numbered list
    give me {k} options
    skip the intro
    short answer first, then details
    assume I know nothing
    I'm on my phone so keep it brief
    include an example
    no more than {k} paragraphs
    use metric units
    nothing too expensive
    something I can print
    end with a quick summary
    plain text, no markdown
    a rough estimate is fine
""")

SMALL_CONSTRAINTS = lines("""
    with almost no money
    in a small apartment
    with two kids around
    on weekends only
    without a car
    as a total beginner
    with a bad back
    while working full time
    before winter
    with a very picky family
    on a student budget
    without telling anyone yet
""")

GREETINGS = lines("""
    hi
    hey
    hello!
    Hi there,
    hey quick one:
    Good morning.
    yo
    Hello,
    hiya
    ok so
    hey :)
    Hello again.
    Question:
    ok,
    Hey, hope you're well.
""")

CLOSINGS = lines("""
    thanks!
    thx
    ty
    appreciate it
    cheers
    thank you so much
    any help appreciated
    lmk if you need more info
    thanks in advance!
    much appreciated.
    🙏
    thanks :)
    ok go
    (sorry if this is a dumb question)
""")

CONFUSIONS = lines("""
    every explanation loses me halfway
    nobody explains it the same way twice
    I can't tell what's real and what's marketing
    the textbook is useless
    the videos all assume I already know it
    I nod along and then forget it immediately
""")

WHY_CLAUSES = lines("""
    It came up at work.
    My kid asked me and I had no answer.
    I have an exam on it soon.
    I want to stop pretending I know.
    It keeps coming up in the news.
    I'm writing something that mentions it.
""")

DEADLINES = lines("""
    next Friday
    the end of the month
    March
    my birthday
    the holidays
    the spring semester
    our move in June
    the next sprint
    tomorrow morning
    the end of the quarter
""")

UNITS = tuple("miles kilometres pounds kilograms cups millilitres feet metres gallons litres ounces grams".split())

FOLLOWUPS = lines("""
    ok that helps. what about {t}?
    can you make it shorter
    thanks. one more thing: {ask}
    hmm that didn't work, {sentence_lc}
    can you give an example?
    make it more {adj}
    wait, why?
    and if I only had ${n}?
    perfect. now {ask}
    not quite, I meant {t}
    could you redo that as a table
    ok and how does that compare to {t2}
""")
