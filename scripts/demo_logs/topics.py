"""Topics of ordinary prompts by domain: the first thing a user's prompt is about."""

from __future__ import annotations

from scripts.demo_logs.base import lines

DOMAINS: dict[str, tuple[str, ...]] = {
    "cooking": lines("""
        sourdough starter
        braised short ribs
        a vegan lasagna
        knife sharpening
        cast iron seasoning
        meal prep for a busy week
        homemade pasta
        fermenting kimchi
        a gluten-free birthday cake
        pan sauces
        quick pickled onions
        rice cooker recipes
        tempering chocolate
        leftover roast chicken
        a dinner party menu
    """),
    "travel": lines("""
        a 10-day itinerary in Japan
        cheap flights to Lisbon
        travel insurance
        packing for a winter trip
        the Schengen 90/180 rule
        a road trip through Patagonia
        jet lag
        hostels vs hotels
        rail passes in Europe
        visiting Morocco in August
        a long weekend in Montreal
        a layover in Istanbul
        travelling with a toddler
        renting a car in Iceland
        solo hiking in the Dolomites
    """),
    "finance": lines("""
        a Roth IRA
        index funds
        paying off student loans
        an emergency fund
        capital gains tax
        a 401k rollover
        dollar-cost averaging
        refinancing a mortgage
        budgeting apps
        credit card rewards
        the 4% withdrawal rule
        a bond ladder
        quarterly taxes as a freelancer
        inflation-linked bonds
        splitting bills with a partner
    """),
    "fitness": lines("""
        a 5k training plan
        progressive overload
        knee pain when squatting
        daily protein intake
        a push pull legs split
        kettlebell swings
        marathon tapering
        hip mobility
        rest days
        creatine
        freestyle breathing in swimming
        plantar fasciitis
        zone 2 cardio
        a home gym under $500
        getting back to running after an injury
    """),
    "gardening": lines("""
        tomato blight
        raised bed soil
        overwintering dahlias
        composting in an apartment
        aphids on roses
        a pollinator garden
        pruning a fig tree
        growing garlic
        hydroponic lettuce
        heavy clay soil
        succulents turning yellow
        a lawn full of clover
        seed starting under grow lights
        fungus gnats in houseplants
        a shady balcony garden
    """),
    "history": lines("""
        the fall of Constantinople
        the causes of World War I
        the Hanseatic League
        the Meiji Restoration
        the Bronze Age collapse
        the printing press
        the Haitian Revolution
        Roman aqueducts
        the Silk Road
        the Cuban missile crisis
        the Black Death
        the Congress of Vienna
        medicine in ancient Egypt
        the Marshall Plan
        the partition of India
    """),
    "physics": lines("""
        quantum entanglement
        why the sky is blue
        special relativity
        entropy
        superconductors
        the double-slit experiment
        dark matter
        the Coriolis effect
        how lasers work
        Hawking radiation
        terminal velocity
        nuclear fusion
        the photoelectric effect
        tidal forces
        why ice floats
    """),
    "biology": lines("""
        CRISPR
        mitochondria
        how vaccines train the immune system
        photosynthesis
        tardigrades
        epigenetics
        the gut microbiome
        antibiotic resistance
        circadian rhythms
        octopus intelligence
        how bees communicate
        sleep and memory
        prions
        telomeres
        why some people hate cilantro
    """),
    "law": lines("""
        a security deposit dispute
        non-compete clauses
        copyright for fan art
        small claims court
        an LLC operating agreement
        GDPR for a small online shop
        tenant rights during renovations
        a wrongful termination
        trademarking a band name
        getting out of jury duty
        writing a will without a lawyer
        fair use of song lyrics
        a noise complaint against a neighbour
        a contractor who never finished the job
        returning a car under lemon law
    """),
    "marketing": lines("""
        a product launch email
        SEO for a local bakery
        cold outreach to agencies
        a landing page headline
        short-form video for a yoga studio
        a referral program
        customer personas
        a churn survey
        pricing tiers for a SaaS tool
        a brand voice guide
        a podcast sponsorship
        A/B testing subject lines
        a monthly newsletter
        search ads for a dental clinic
        a booth at a trade fair
    """),
    "music": lines("""
        learning barre chords
        the modes of the major scale
        mixing vocals at home
        a chord progression in D minor
        practising scales without getting bored
        home recording on a budget
        writing a catchy chorus
        jazz improvisation
        tuning a violin
        the circle of fifths
        sight reading
        a setlist for a wedding
        sampling legally
        choosing a MIDI controller
        playing drums in an apartment
    """),
    "photography": lines("""
        night sky photography
        shooting in manual mode
        portrait lighting with one flash
        film vs digital
        editing in Lightroom
        lenses for wildlife
        street photography ethics
        the exposure triangle
        product photos for an Etsy shop
        a cheap macro setup
        golden hour portraits
        focus stacking
        drone rules in national parks
        backing up raw files
        photographing a friend's wedding
    """),
    "parenting": lines("""
        a toddler who won't sleep
        screen time limits
        teaching a kid to ride a bike
        picky eating
        potty training
        sibling rivalry
        a teenager's first phone
        homework battles
        a calmer bedtime routine
        allowance systems
        separation anxiety at daycare
        talking to kids about death
        a birthday party on a budget
        baby-led weaning
        a kid who hates reading
    """),
    "career": lines("""
        a salary negotiation
        a two-year gap on my resume
        switching careers into UX research
        a performance review
        asking for a promotion
        a cover letter
        a manager who micromanages
        freelancing full time
        a job offer with stock options
        networking as an introvert
        an exit interview
        proposing a four-day week
        remote job hunting
        my LinkedIn headline
        going back to school at 35
    """),
    "writing": lines("""
        the opening of a short story
        a eulogy for my grandfather
        a best man speech
        a query letter to literary agents
        worldbuilding for a fantasy novel
        a villain's motivation
        a haiku about autumn
        a personal statement for med school
        dialogue that sounds natural
        a limerick about my cat
        a children's picture book about a lighthouse
        a grant proposal for a community garden
        a blog post intro
        a poem for Mother's Day
        a mystery plot twist
    """),
    "philosophy": lines("""
        the trolley problem
        free will
        Stoicism
        the ship of Theseus
        Kant's categorical imperative
        existentialism
        utilitarianism
        the problem of induction
        personal identity
        Plato's cave
        moral luck
        the hard problem of consciousness
        Nietzsche's eternal recurrence
        virtue ethics
        whether animals have rights
    """),
    "economics": lines("""
        inflation vs deflation
        comparative advantage
        how the Federal Reserve sets rates
        supply chain shocks
        research on the minimum wage
        tariffs on steel
        opportunity cost
        the prisoner's dilemma
        moral hazard
        universal basic income
        housing affordability
        an inverted yield curve
        network effects
        price elasticity
        why rent control is controversial
    """),
    "astronomy": lines("""
        the James Webb telescope
        exoplanet atmospheres
        a lunar eclipse
        the Drake equation
        neutron stars
        seeing Saturn with a small telescope
        the Oort cloud
        light pollution
        the Perseid meteor shower
        the cosmic microwave background
        red giants
        the age of the universe
        living on Mars
        gravitational waves
        why Pluto was demoted
    """),
    "pets": lines("""
        a cat that scratches the sofa
        crate training a puppy
        adopting a senior dog
        cycling a new aquarium
        a rabbit's diet
        a dog afraid of fireworks
        litter box problems
        introducing two cats
        leash pulling
        a bored parrot
        flea treatments
        how long hamsters live
        a dog that eats grass
        pet insurance
        a cat that meows at 4am
    """),
    "home": lines("""
        a leaky kitchen faucet
        painting a small bathroom
        a drafty window
        choosing a heat pump
        grout that keeps cracking
        a squeaky floorboard
        mould in the basement
        hanging heavy shelves on drywall
        a clogged dishwasher
        insulating an attic
        a smart thermostat
        a toilet that keeps running
        a wobbly ceiling fan
        decluttering the garage
        soundproofing a home office
    """),
    "cars": lines("""
        a check engine light
        winter tyres
        buying a used Corolla
        an EV road trip
        squealing brakes
        leasing vs buying
        a dead battery
        oil change intervals
        a hybrid's real fuel economy
        a car that pulls to the left
        detailing the interior
        insurance after a minor accident
        towing a small camper
        replacing a timing belt
        learning to drive stick
    """),
    "games": lines("""
        a Dungeons & Dragons campaign
        a strength build in Elden Ring
        chess openings for beginners
        a board game night
        speedrunning
        a hidden piston door in Minecraft
        a Magic: The Gathering commander deck
        game design for a game jam
        poker pot odds
        a Stardew Valley farm layout
        an escape room puzzle
        a cozy game for a rainy weekend
        the Chinese opening in Go
        balancing a homemade card game
        running a Discord community for a game
    """),
    "education": lines("""
        studying for the MCAT
        spaced repetition
        teaching fractions
        a lesson plan about volcanoes
        studying with ADHD
        applying to grad school
        a science fair project
        a homeschooling schedule
        the Cornell note-taking method
        a college admissions essay
        learning calculus as an adult
        a group project with a slacker
        a rubric for persuasive essays
        free online courses
        memorising the periodic table
    """),
    "language": lines("""
        learning Japanese kanji
        the Spanish subjunctive
        German noun cases
        French pronunciation
        Mandarin tones
        finding a language exchange partner
        Italian idioms
        Korean honorifics
        Portuguese vs Spanish
        memorising vocabulary
        the Arabic script
        Dutch word order
        the Cyrillic alphabet
        Latin declensions
        keeping up a language after moving back home
    """),
    "health": lines("""
        a cough that won't go away
        migraines
        intermittent fasting
        a sprained ankle
        seasonal allergies
        vitamin D in winter
        burnout
        home blood pressure readings
        fixing my sleep schedule
        stress eating
        dry eyes
        tension headaches
        eye strain from screens
        meditation for anxiety
        getting enough fibre
    """),
    "art": lines("""
        watercolour washes
        drawing hands
        a colour palette for a mural
        oil painting mediums
        two-point perspective
        a linocut print
        digital painting brushes
        pottery glazes
        figure drawing
        gouache vs acrylic
        keeping a sketchbook habit
        brush calligraphy
        selling prints online
        character design
        framing a large canvas
    """),
    "statistics": lines("""
        p-values
        Bayesian updating
        a confidence interval
        regression to the mean
        survivorship bias
        a chi-squared test
        sample size for a survey
        Simpson's paradox
        standard deviation
        a power analysis
        bootstrapping
        correlation vs causation
        a mixed effects model
        outliers in a small dataset
        a churn rate that looks too good
    """),
    "realestate": lines("""
        buying a first home
        closing costs
        renting vs buying
        a home inspection report
        HOA fees
        a fixer-upper
        property taxes
        the cap rate of a rental
        making an offer in a hot market
        escrow
        a landlord who won't fix the heating
        moving cities for a job
        a condo vs a townhouse
        house hacking
        a bidding war
    """),
}
DOMAIN_NAMES = tuple(DOMAINS)
