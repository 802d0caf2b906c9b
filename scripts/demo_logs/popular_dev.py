"""Popular asks of the dev split: meal plans, job applications, homework and interview problems,
"explain it step by step", everyday writing. Each family is one ask in several people's wordings;
`\\n` in a line is a line break. Holdout's families (popular_holdout.py) share no subject with these.
"""

from __future__ import annotations

from scripts.demo_logs.popular_pools import Family, families

DEV_FAMILIES: tuple[Family, ...] = families("popular.", {
    # ---- meal plans ----------------------------------------------------------------------
    "meal_budget": r"""
        can you make me a 7 day meal plan for {household} on a budget of {food_budget} a week? we're {diet}
        I need a cheap weekly meal plan. {household}, about {food_budget} per week for groceries, and nobody here eats {dislike}.
        Weekly dinner plan please: {household}, {diet} diet, budget {food_budget}. Include a shopping list.
        meal plan for the week, {food_budget} total, I live in {city} so prices are what they are. no {dislike}
        Make a budget-friendly meal plan (breakfast, lunch, dinner) for {household}. Max {food_budget}/week.
        Help me plan meals for the next week. It's {household} and money is tight, around {food_budget}. We can't stand {dislike}.
        Plan {meals_n} dinners for {household} that cost under {food_budget} altogether, with leftovers for lunch.
    """,
    "meal_protein": r"""
        Give me a high protein meal plan, about {kcal} calories a day. I want to {fit_goal}.
        I'm trying to {fit_goal}. Can you write a daily meal plan around {kcal} kcal with lots of protein? I'm {diet}.
        {kcal} calorie meal plan with at least 150g protein, I hate {dislike}
        what should I eat in a day to {fit_goal}? target is {kcal} calories, {diet}
        Create a 5-day high-protein plan ({kcal} kcal/day) with macros for each meal. Goal: {fit_goal}.
        my trainer says {kcal} calories and high protein. can you build me a week of meals? no {dislike} please
    """,
    "meal_prep_veg": r"""
        Sunday meal prep ideas for a {diet} who works long shifts as a {job}?
        I want to meal prep on Sundays for the whole week. {diet}, about {food_budget} budget, no {dislike}. What should I cook?
        Give me a {diet} meal prep plan for 5 workdays, with a grocery list and prep order.
        meal prep for {household}, {diet}, needs to last in the fridge until Friday
        Easy batch-cooking plan for the week? I'm {diet} and a terrible cook.
    """,
    "meal_diabetic": r"""
        My {rel} was just diagnosed with type 2 diabetes. Can you suggest a week of meals that are good for blood sugar? They dislike {dislike}.
        Meal plan for a prediabetic adult, {kcal} calories, {diet}?
        What's a good 7-day diabetic-friendly meal plan for {household}? Budget {food_budget}.
        diabetic meal plan please, low carb but not keto, for my {rel} who lives in {city}
        Help me plan low-GI meals for someone with type 2 diabetes. They need about {kcal} kcal a day.
    """,
    "kids_lunch": r"""
        lunchbox ideas for a picky {age} year old? school is nut-free
        I need 2 weeks of school lunch ideas for my kid, who refuses {dislike}. Nothing that needs heating.
        Give me a list of healthy packed lunches for kids that take under 10 minutes to make.
        My son {name} only eats beige food. Ideas for school lunches that might sneak in veg?
        school lunch plan for {household}, nut-free and {diet}, cheap
    """,
    # ---- job applications ------------------------------------------------------------------
    "cover_letter": r"""
        Write a cover letter for a {job} position at {company}. I have {years} years of experience and know {skill} and {skill2}.
        can you write me a cover letter? job: {job} at {company}. me: {years} yrs experience, studied at {school}
        Please draft a one-page cover letter for {company}'s {job} role. Key skills: {reqs}. Keep it confident but not arrogant.
        I'm applying for {job} at {company} in {city}. Help me write a cover letter that shows I'm good at {skill}.
        cover letter for {job}, I'm switching careers after {years} years as a {role}. the ad asks for {reqs}
        Write a short cover letter. Position: {job}. Company: {company}. My name is {name}. I graduated from {school}.
        Help me with a job application letter for {company}. Role is {job}; I want to mention my {skill} experience.
        Draft a cover letter for an entry-level {job} role. No experience yet, but I did a project with {skill}.
    """,
    "resume_bullets": r"""
        rewrite these resume bullet points so they sound stronger: managed {skill} stuff, helped team with {skill2}, did reports
        Can you improve my CV bullets for a {job} role? I worked {years} years at {company}.
        Turn this into achievement-style resume bullets: I answered customer emails and used {skill} at {company} for {years} years.
        resume help: {job} at {company}, I want bullets with numbers. I used {skill} and {skill2}
        Make my work experience section sound more impressive. {job}, {years} years, {city}.
    """,
    "interview_thanks": r"""
        write a thank you email after my interview for {job} at {company}. interviewer was {name}
        How do I follow up after a job interview? It was with {name} at {company} for the {job} position, {time}.
        Short thank-you note to {name} after today's interview at {company}, please. Mention our chat about {skill}.
        Draft a post-interview email for the {job} job. I want to sound interested but not desperate.
        thank u email template for after an interview, {company}, role {job}
    """,
    "linkedin_about": r"""
        Write my LinkedIn About section. I'm a {job} with {years} years of experience in {skill}, based in {city}.
        help me write a linkedin summary, I'm looking for {job} roles and I know {reqs}
        Can you make a LinkedIn headline and summary for me? Currently {role}, want to move into {job}.
        LinkedIn bio please: {years} years at {company}, skills {reqs}, tone friendly and professional
        Rewrite my LinkedIn about me so recruiters for {job} positions notice it.
    """,
    "resignation": r"""
        how do I write a resignation letter? I've been at {company} for {years} years and I'm leaving on good terms
        Write a polite resignation letter to my manager {name}. Last day in two weeks.
        resignation letter template, I'm a {job} at {company}, leaving for a new job in {city}
        Draft a short, professional resignation email. I want to thank {name} and offer to help with the handover.
        Help me resign from {company} without burning bridges. I've been a {job} there {years} years.
    """,
    # ---- homework and interview problems ---------------------------------------------------
    "two_sum": r"""
        two sum problem: given nums = {nums} and target = {target}, return indices of the two numbers that add up to target. how do I solve it in {code_lang}?
        Can you explain the two-sum hashmap solution? I'm prepping for interviews and my {code_lang} version is O(n^2).
        leetcode 1 two sum in {code_lang} pls, with explanation
        I have an interview at {company} next week. How would you solve Two Sum optimally and explain the complexity?
        Given an array {nums} and a target {target}, find two numbers that sum to the target. My teacher wants it in {code_lang}.
        why is the two sum hash map approach O(n)? I don't get it
    """,
    "fizzbuzz": r"""
        write fizzbuzz in {code_lang}
        How do I do FizzBuzz up to {fizz_n}? I'm new to {code_lang} and my loop prints everything wrong.
        fizzbuzz but for multiples of 3 print Fizz and 5 print Buzz, up to {fizz_n}, in {code_lang}. explain each line
        My bootcamp homework is FizzBuzz. Can you show a clean {code_lang} solution and one clever one?
        Can you check my approach to fizzbuzz? I used if/else for 3, 5 and 15 but the 15 case never prints.
    """,
    "reverse_list": r"""
        how to reverse a linked list in {code_lang}? iterative and recursive please
        Reverse a singly linked list — I keep losing the next pointer. Can you explain step by step?
        interview question: reverse a linked list in place. what's the time and space complexity?
        Can you show me how to reverse a linked list with a drawing of the pointers at each step?
        I need to reverse a linked list for my data structures class at {school}. Our starter code is in {code_lang}.
    """,
    "valid_parens": r"""
        valid parentheses problem: check if a string like "({{[]}})" is balanced. {code_lang} solution with a stack?
        How do I check if brackets are balanced in a string? Homework for my {grade} CS class.
        Explain the stack approach to the valid parentheses leetcode question
        write a function that returns true if every ( [ {{ has a matching closing bracket, in {code_lang}
        balanced brackets interview question, what edge cases do I need to handle?
    """,
    "induction_sum": r"""
        prove by induction that 1 + 2 + ... + n = n(n+1)/2
        Can you help me with my proof by induction homework? Show that the sum of the first n positive integers is n(n+1)/2.
        I don't understand the inductive step for the sum 1+2+...+n. Can you walk me through it?
        how do you prove the sum of first n natural numbers formula with induction? my {grade} teacher wants every step written
        Proof by induction: sum from i=1 to n of i equals n(n+1)/2. Please explain the base case and inductive step.
        Prove 1+2+3+...+n = n(n+1)/2 for all n >= 1. I wrote the base case but got stuck after assuming it holds for k.
    """,
    "sqrt2": r"""
        prove that the square root of 2 is irrational
        Can you explain the proof that √2 is irrational in simple words? It's for my {grade} math class.
        why does the proof that sqrt(2) is irrational work? I don't get the part where both are even
        Show me the proof by contradiction that root 2 is not a rational number.
        I have to present the irrationality of sqrt 2 to my class tomorrow. Can you give me a clear version?
    """,
    "five_para_essay": r"""
        write a five paragraph essay on {essay_topic}
        Can you help me write a {words}-word essay about {essay_topic}? {grade}, due {deadline}.
        I need an essay on {essay_topic} with an intro, three body paragraphs and a conclusion.
        essay about {essay_topic}, around {words} words, please make it sound like a student wrote it
        Help me structure an argumentative essay on {essay_topic}. My teacher is strict about thesis statements.
        My prompt is: "Discuss {essay_topic}." Can you draft something I can build on?
    """,
    "thesis_statement": r"""
        give me 5 possible thesis statements for an essay on {essay_topic}
        Is this a good thesis? "{essay_topic} matters because it changed everything." How can I make it stronger?
        I can't come up with a thesis for my paper on {essay_topic}. Some options please?
        help me write a strong thesis statement about {essay_topic} for a {words} word paper
        Can you make my thesis on {essay_topic} more arguable and specific?
    """,
    "binary_search": r"""
        explain binary search with an example array {nums}
        How do I implement binary search in {code_lang}? My version loops forever when the element is missing.
        binary search off by one errors, when do I use low <= high vs low < high?
        Can you walk me through binary search step by step, looking for {target} in a sorted list?
        what is the time complexity of binary search and why is it log n? studying for my {company} interview
    """,
    "palindrome": r"""
        check if a string is a palindrome in {code_lang}, ignoring spaces and case
        How do I write a palindrome checker? Homework says no built-in reverse functions.
        palindrome function in {code_lang} using two pointers, explain please
        Is "{name}" a palindrome? Write code that checks any word and explain how it works.
        Can you show me the recursive way to check for a palindrome and the iterative way?
    """,
    "fibonacci": r"""
        why is my recursive fibonacci so slow for n = {k}0? {code_lang}
        Explain the difference between recursive fibonacci and the dynamic programming version.
        write fibonacci with memoization in {code_lang} and explain the complexity
        How do I print the first {fizz_n} Fibonacci numbers? My loop gives the wrong sequence.
        fibonacci iterative vs recursive vs memo, which one should I use in an interview?
    """,
    # ---- explain it step by step -----------------------------------------------------------
    "quadratic": r"""
        solve {quad_eq} step by step
        Can you explain how to use the quadratic formula step by step? Example: {quad_eq}.
        how do I solve a quadratic equation? my {grade} homework has {quad_eq} and I keep getting it wrong
        Walk me through completing the square for {quad_eq}.
        explain the discriminant like I'm bad at math, using {quad_eq}
    """,
    "compound_interest": r"""
        explain compound interest step by step: {principal} at {rate} for {years} years
        How much will {principal} grow to in {years} years at {rate} compounded monthly? Show the steps.
        Can you explain compound interest with my numbers? I'm saving {principal} and the bank gives {rate}.
        compound vs simple interest, {principal}, {rate}, {years} yrs, show the math
        I'm {age} and have {principal} saved. If it earns {rate} a year, what will I have in {years} years? Explain the formula.
    """,
    "photosynthesis": r"""
        explain photosynthesis step by step
        Can you explain photosynthesis simply for a {grade} test? I mix up the light and dark reactions.
        how does photosynthesis work? explain it like I'm {age}
        Photosynthesis: what goes in, what comes out and what happens in between? Step by step please.
        I need to explain photosynthesis to my {rel}. Can you give me an easy version with an analogy?
    """,
    "tcp_handshake": r"""
        explain the TCP three-way handshake step by step
        How does the TCP handshake work? SYN, SYN-ACK, ACK confuses me.
        Can you explain what happens when I type a URL in the browser, step by step? Interview at {company} tomorrow.
        explain tcp vs udp and the handshake, for my networking class at {school}
        walk me through the TCP 3-way handshake with a diagram in text
    """,
    "recursion_eli5": r"""
        explain recursion like I'm five
        I still don't get recursion. Can you explain it with a simple {code_lang} example, step by step?
        what is recursion and how does the call stack work? ELI5 please
        Explain recursion with a real-life analogy, then show me factorial in {code_lang}.
        Can someone explain recursion in a way that actually makes sense? I've watched {k} videos.
    """,
    # ---- everyday writing ------------------------------------------------------------------
    "wedding_toast": r"""
        write a best man speech for my friend {name}'s wedding, about 3 minutes, funny but not embarrassing
        Can you help me with a maid of honour toast? My sister {name} is marrying someone from {city2}.
        I need a short wedding toast for {name}. We've been friends for {years} years.
        wedding speech for my {rel}, include a story about a road trip and end on a sweet note
        Help me write a toast for my best friend's wedding. I'm nervous about public speaking.
    """,
    "apology_text": r"""
        help me write an apology text to my friend {name}, I forgot their birthday
        How do I apologise to my {rel} after a fight? I want to sound sincere, not defensive.
        write a short sorry message to {name} for cancelling plans last minute again
        Can you draft an apology to my coworker {name}? I snapped at them in a meeting.
        text message to say sorry to my partner, I said something hurtful about their {rel}
    """,
    "landlord_complaint": r"""
        write an email to my landlord about a broken heater, it's been {k} days
        Can you help me write a complaint to my landlord? There's mould in the bathroom and I pay {rent} a month.
        Formal letter to my landlord in {city} asking for repairs, polite but firm.
        My landlord won't return my deposit. Help me write an email asking for it back.
        email to property manager about noisy neighbours, I'm in unit {k}, keep it professional
    """,
    "trip_itinerary": r"""
        plan a {days_n} day trip to {city2} for {household}, we like food and museums
        Can you make me a {days_n}-day itinerary for {city2}? Budget is about {principal} total.
        I'm going to {city2} for {days_n} days in {time}. What should I do each day?
        itinerary for {city2}, {days_n} days, travelling with {household}, not too much walking
        First time in {city2}! Give me a day-by-day plan for {days_n} days with places to eat.
    """,
    "workout_plan": r"""
        make me a workout plan to {fit_goal}, I can train {k2} days a week
        Beginner gym routine please. I'm {age}, I want to {fit_goal}, and I have {hours_week} hours a week.
        Can you write a home workout plan without equipment? Goal: {fit_goal}.
        {k2} day split for a beginner who wants to {fit_goal}
        I want to get fit. Give me a 4-week training plan, I only have dumbbells.
    """,
})
