"""People, places, times and generic words that ordinary prompts and filler sentences are made of."""

from __future__ import annotations

from scripts.demo_logs.base import lines

ROLES = lines("""
    a nurse
    a second-year engineering student
    a retired teacher
    a bartender
    a junior accountant
    a stay-at-home dad
    a high school junior
    a small business owner
    a graphic designer
    a PhD student in ecology
    a delivery driver
    a paralegal
    a software tester
    a barista
    a physiotherapist
    a first-time manager
    a landscape architect
    a freelance translator
    a pharmacist
    a music teacher
    an electrician
    a data analyst
    a new grad
    a volunteer firefighter
    a librarian
    a product manager
    a sous chef
    a truck mechanic
    a wedding photographer
    a social worker
    a research assistant
    a hobbyist
    a complete beginner
    a night shift worker
    a part-time tutor
    an HR generalist
    a real estate agent
    a dental hygienist
    a high school coach
    an exchange student
""")

RELATIONS = lines("""
    sister
    brother
    mom
    dad
    boss
    roommate
    partner
    neighbour
    coworker
    best friend
    grandmother
    teenage son
    daughter
    landlord
    professor
    therapist
    coach
    cousin
    husband
    wife
    manager
    client
    team lead
    uncle
    girlfriend
    boyfriend
    kid's teacher
    accountant
    doctor
    mentor
""")

CITIES = lines("""
    Lisbon
    Osaka
    Toronto
    Austin
    Nairobi
    Melbourne
    Leeds
    Lyon
    Bogota
    Krakow
    Seoul
    Denver
    Cape Town
    Hamburg
    Mumbai
    Glasgow
    Porto
    Vancouver
    Mexico City
    Helsinki
    Cork
    Tucson
    Lagos
    Manila
    Montevideo
    Brisbane
    Ghent
    Bristol
    Pittsburgh
    Valencia
    Tbilisi
    Hanoi
    Auckland
    Calgary
    Bologna
    Dublin
    Minneapolis
    Sapporo
    Quito
    Tallinn
""")

TIME_PHRASES = lines("""
    last week
    yesterday
    a few days ago
    since March
    this morning
    for about two years
    every weekend
    back in college
    over the holidays
    last night
    twice now
    a month ago
    recently
    for the first time
    all summer
    since we moved
    after the last update
    on Monday
    earlier today
    for ages
    three times this year
    right before the deadline
""")

PAST_VERBS = lines("""
    tried
    started
    gave up on
    got really into
    read about
    signed up for
    complained about
    recommended
    messed up
    spent a weekend on
    got asked about
    looked into
    watched a video on
    argued about
    paid for
    finished
    researched
    took a class on
    bought a book on
    made a spreadsheet about
""")

OUTCOMES = lines("""
    it didn't go great
    I'm more confused than before
    it kind of worked
    nobody could agree
    I got conflicting answers online
    it went better than expected
    I ran out of time
    it cost more than I planned
    I'm not sure what went wrong
    now I want to do it properly
    the results were mixed
    I gave up halfway
    it turned into a whole thing
    people keep asking me about it
    I think I did it wrong
    honestly it was a disaster
""")

FEELINGS = lines("""
    nervous
    excited
    overwhelmed
    curious
    frustrated
    lost
    skeptical
    stuck
    motivated
    kind of embarrassed
    hopeful
    annoyed
    anxious
    impatient
""")

EVENTS = lines("""
    birthday party
    team offsite
    baby shower
    book club meeting
    fundraiser
    family reunion
    retirement party
    camping trip
    housewarming
    bachelorette weekend
    school fair
    neighbourhood cleanup
    anniversary dinner
    hackathon
""")

HUMAN_LANGUAGES = lines("""
    Spanish
    French
    German
    Japanese
    Portuguese
    Italian
    Korean
    Dutch
    Polish
    Turkish
    Swedish
    Vietnamese
    Hindi
    Greek
""")

FIRST_NAMES = lines("""
    Maya
    Tom
    Priya
    Lukas
    Amara
    Diego
    Hannah
    Kenji
    Fatima
    Oscar
    Leila
    Sam
    Ines
    Noah
    Chloe
    Raj
    Zoe
    Mateo
    Ana
    Jonas
    Keira
    Omar
    Elena
    Felix
    Nia
    Hugo
    Sofia
    Theo
    Yara
    Ben
    Mei
    Ivan
    Grace
    Tariq
    Lena
    Pablo
    Ruth
    Emil
    Aisha
    Dan
""")

GEN_NOUNS = tuple("""
    report budget meeting client deadline schedule kitchen garden printer laptop landlord contract
    invoice neighbour teacher recipe playlist manuscript spreadsheet warehouse shipment proposal
    survey dashboard committee festival library clinic appointment ticket flight hotel museum
    bakery project course exam lecture thesis chapter draft portfolio interview promotion salary
    mortgage lease apartment garage basement roof window heater boiler fridge oven bicycle car
    engine battery charger router server website app update password account subscription refund
    package order delivery courier store market harbour bridge tunnel station platform train bus
    ferry airport terminal passport visa permit licence application form policy memo agenda
    minutes slide deck pitch campaign newsletter podcast episode chapter poster flyer banner
    painting sculpture canvas studio gallery concert rehearsal orchestra choir stadium match
    tournament league coach referee trophy puppy kitten aquarium hamster vet clinic pharmacy
    prescription symptom diet workout routine marathon injury recovery habit journal notebook
    calendar reminder alarm inbox thread forum community volunteer donation charity grant audit
    forecast quarter revenue margin vendor supplier inventory catalogue prototype sample batch
""".split())

GEN_ADJ = tuple("""
    quarterly annual small huge messy tidy old new cheap expensive local remote shared private
    public awkward urgent optional tricky simple detailed vague noisy quiet crowded empty broken
    rusty shiny fragile heavy bright dull late early weekly monthly temporary permanent strict
    relaxed friendly grumpy generous stubborn careful sloppy modern vintage rural urban digital
    handwritten printed unfinished overdue surprising predictable reliable flaky seasonal
    second-hand brand-new outdated experimental lightweight bulky fancy plain colourful faded
""".split())

GEN_VERBS_PAST = tuple("""
    delayed cancelled approved rejected moved fixed broke replaced reviewed signed shipped lost
    found updated deleted printed shared posted returned ordered booked missed rescheduled
    doubled halved ignored praised questioned changed opened closed reopened painted cleaned
    organised flagged summarised translated measured tested borrowed lent sold bought built
    renamed merged split copied cooked planted pruned trained hired promoted interviewed audited
""".split())

GEN_VERBS_BASE = tuple("""
    arrive change finish improve drop rise start stop expand shrink break recover settle move
    sell open close return last matter help fail pass grow slow vanish double stall
""".split())

PREPOSITIONS = tuple("""
    before after during without despite near behind beside through across under over for with
""".split())

DAYS_OF_WEEK = tuple("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())


def article(word: str) -> str:
    """The word with "a" or "an" before it."""
    return ("an " if word[:1] in "aeiou" else "a ") + word


def plural(noun: str) -> str:
    """The plural of a regular English noun."""
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s")
