"""Popular asks of the holdout split: plans to learn a skill, the same library errors with one's own
traceback, viral "act as a ..." prompts copied nearly verbatim, review of one's own code, small-business
writing. `\\n` in a line is a line break. No subject here appears in dev (popular_dev.py).
"""

from __future__ import annotations

from scripts.demo_logs.popular_pools import Family, families

HOLDOUT_FAMILIES: tuple[Family, ...] = families("popular.", {
    # ---- plans to learn a skill ------------------------------------------------------------
    "learn_skill": r"""
        I want to learn to {learn_skill} in {months} months. Can you make me a weekly plan? I have {hours_week} hours a week.
        give me a roadmap to {learn_skill}, total beginner, {hours_week} hrs/week
        How would you structure {months} months of practice to {learn_skill}? I'm {age} and I get bored easily.
        Build me a learning schedule: goal = {learn_skill}, time = {hours_week} hours per week, deadline = {months} months.
        what's the fastest realistic way to {learn_skill}? I live in {city} if local classes matter
        Can you split learning to {learn_skill} into milestones over {months} months, with what to practise each week?
        I keep starting and quitting. Plan for me to {learn_skill}, small daily steps, {hours_week} hours a week max.
    """,
    "learn_code": r"""
        how do I learn programming from zero? I'm a {job} and want to switch to tech in {months} months
        Create a {months}-month self-study plan to become a junior web developer. I can study {hours_week} h a week.
        Best order to learn HTML, CSS, JavaScript and React? Give me a week-by-week plan.
        I'm {age}, is it too late to learn to code? If not, what should my first {months} months look like?
        roadmap to learn {code_lang} for someone who has never coded, with free resources
        Study plan please: from no coding to building my own app in {months} months, {hours_week} hours weekly.
    """,
    "exam_plan": r"""
        make me a study plan for {cert}, I have {weeks} weeks and work full time
        How should I prepare for {cert} in {weeks} weeks? I can do {hours_week} hours a week.
        {cert} in {weeks} weeks — realistic? give me a schedule with practice tests
        Can you build a revision timetable for {cert}? Weak areas: {skill} and time management.
        I failed {cert} once. Plan for the next {weeks} weeks so I pass this time?
    """,
    "data_science_path": r"""
        roadmap to become a data scientist in {months} months, I know a bit of {skill}
        What should I learn first to become a data analyst: SQL, Python or statistics? Give me a plan.
        I'm a {job} and want to move into machine learning. Step by step learning path with projects?
        Create a {months} month plan to get a data analyst job, including portfolio projects.
        how do I become an ML engineer without a CS degree? plan with milestones please
    """,
    "language_plan": r"""
        I'm moving to {city2} in {months} months. How can I learn enough of the local language to get by?
        Plan to reach B1 in {hlang} in {months} months studying {hours_week} hours a week?
        What's a daily routine to learn {hlang} while working full time as a {job}?
        Give me a 12-week {hlang} plan mixing apps, podcasts and speaking practice.
        best way to learn {hlang} fast for a trip to {city2}? I have {weeks} weeks
    """,
    "habit_plan": r"""
        help me build a morning routine, I want to stop doom scrolling and start reading
        Can you make a 30-day plan to build a habit of exercising? I've tried {k} times and failed.
        I want to read {k}0 books this year. Give me a plan that fits around a {job} job.
        plan to fix my sleep schedule, I go to bed at 3am and need to wake at 7 for work
        30 day challenge to learn to meditate, beginner, {hours_week} hours a week at most
    """,
    # ---- the same library error, one's own traceback ---------------------------------------
    "err_pandas_copy": r"""
        Why do I get this warning and how do I fix it?\n{err_pandas_copy}
        pandas keeps giving me SettingWithCopyWarning even though I'm not copying anything:\n{err_pandas_copy}
        {err_pandas_copy}\n\nwhat does this mean? python {pyver}, pandas 2.{k2}
        How do I get rid of SettingWithCopyWarning? Running on {os}.\n{err_pandas_copy}
        I filter my dataframe and then assign a new column and get this:\n{err_pandas_copy}\nIs my data actually wrong?
    """,
    "err_no_module": r"""
        I installed it with pip but still get:\n{err_no_module}\npython {pyver} on {os}
        {err_no_module}\nhow?? pip says it's already installed
        Why does VS Code say {err_no_module}? It works in the terminal.
        Getting this in my venv on {os}:\n{err_no_module}\nWhat am I doing wrong?
        Jupyter notebook error:\n{err_no_module}\nI ran pip install in the terminal first.
        module not found error even after pip install, python {pyver}:\n{err_no_module}
    """,
    "err_nonetype": r"""
        What does this error mean?\n{err_nonetype}
        {err_nonetype}\n\nI'm reading a json from an API and indexing it. Python {pyver}.
        How do I fix 'NoneType' object is not subscriptable? Full error:\n{err_nonetype}
        my function returns None sometimes I think?\n{err_nonetype}
        Beginner here, getting:\n{err_nonetype}\nwhen I run {mypath}
    """,
    "err_circular": r"""
        How do I fix a circular import in Python?\n{err_circular}
        {err_circular}\n\nmy two modules import each other, what's the right structure?
        got this after splitting my Flask app into files:\n{err_circular}
        Python {pyver} on {os}, this only started after I added a models file:\n{err_circular}
        why does python say partially initialized module?\n{err_circular}
    """,
    "err_cuda_oom": r"""
        How do I fix this when fine-tuning?\n{err_cuda_oom}
        {err_cuda_oom}\nbatch size is already {k}. what else can I try?
        CUDA out of memory on my {k}GB card while training a small model:\n{err_cuda_oom}
        torch keeps running out of GPU memory even with torch.cuda.empty_cache():\n{err_cuda_oom}
        Getting OOM in a Colab notebook:\n{err_cuda_oom}\nIs gradient accumulation the answer?
    """,
    "err_react_key": r"""
        How do I fix this React warning?\n{err_react_key}
        {err_react_key}\n\nI'm mapping over an array from my API, where does the key go?
        getting the unique key prop warning but my items have ids??\n{err_react_key}
        Can I just use the index as the key? Console says:\n{err_react_key}
        React beginner, this warning shows up on every render:\n{err_react_key}
    """,
    "err_cors": r"""
        How do I fix this CORS error?\n{err_cors}
        {err_cors}\n\nfrontend is React, backend is Express. what do I change?
        My fetch works in Postman but the browser says:\n{err_cors}
        CORS error when calling my own API from localhost:\n{err_cors}\nBackend is FastAPI.
        Why does the browser block this and how do I allow it?\n{err_cors}
    """,
    "err_npm": r"""
        npm install fails with this, what do I do?\n{err_npm}
        {err_npm}\n\nshould I just use --legacy-peer-deps?
        Getting ERESOLVE when I install packages on {os}:\n{err_npm}
        How do I resolve this dependency conflict?\n{err_npm}
        Cloned a project from GitHub and npm install gives:\n{err_npm}
    """,
    # ---- viral "act as a ..." prompts, copied nearly verbatim with one's own topic -----------
    "act_as_role": r"""
        I want you to act as a {rp_role}. I will tell you about my situation and you will respond only as a {rp_role} would. Do not write explanations. My first request is "{ask}"
        I want you to act as a {rp_role}. I will describe my situation and you will reply only as a {rp_role} would, without explanations. My first request is "{ask}"
        I want you to act as a {rp_role}. I'll share my situation and you answer only the way a {rp_role} would. Don't explain yourself. My first request is: {ask}
        Act as a {rp_role}. I will tell you about my situation and you will respond only as a {rp_role} would. Do not write explanations. First request: "{ask}"
        I want you to act as a {rp_role}. I will tell you about my situation and you will respond only as a {rp_role} would. Do not write explanations. My first request is "{ask}" (in {hlang} if you can)
    """,
    "act_as_translator": r"""
        I want you to act as an English translator, spelling corrector and improver. I will speak to you in any language and you will detect the language, translate it and answer in the corrected and improved version of my text, in English. Keep the meaning same, but make them more literary. My first sentence is "{sentence}"
        I want you to act as an English translator, spelling corrector and improver. I will speak to you in any language and you will detect it, translate it and answer with a corrected, improved version in English. Keep the meaning the same. My first sentence is "{sentence}"
        Act as an English translator, spelling corrector and improver. I will write in any language, you detect it, translate it and reply with the corrected and improved English version only. First sentence: {sentence}
        I want you to act as an English translator, spelling corrector and improver. I will speak to you in {hlang} and you will translate and answer in the corrected and improved version of my text, in English. My first sentence is "{sentence}"
        I want you to act as an English translator, spelling corrector and improver. Only reply with the correction and the improvements, no explanations. My first sentence is "{sentence}"
    """,
    "act_as_interviewer": r"""
        I want you to act as an interviewer. I will be the candidate and you will ask me the interview questions for the {job} position. I want you to only reply as the interviewer. Do not write all the conversation at once. Ask me the questions one by one and wait for my answers. My first sentence is "Hi"
        I want you to act as an interviewer. I will be the candidate and you will ask me interview questions for the position of {job} at {company}. Only reply as the interviewer. Ask me the questions one by one and wait for my answers. My first sentence is "Hi"
        Act as an interviewer. I am the candidate, you ask me interview questions for the {job} position. Reply only as the interviewer, one question at a time, and wait for my answers. My first sentence is "Hello"
        I want you to act as an interviewer. I will be the candidate and you will ask me the interview questions for the {job} position. I want you to only reply as the interviewer. Do not write all the conversation at once. Ask me the questions one by one. Focus on {skill}. My first sentence is "Hi"
        I want you to act as an interviewer for a {job} role. I will be the candidate. Ask questions one by one, wait for my answer, and at the end give me feedback. My first sentence is "Hi, I'm {name}"
    """,
    "act_as_storyteller": r"""
        I want you to act as a storyteller. You will come up with entertaining stories that are engaging, imaginative and captivating for the audience. My first request is "I need an interesting story about {t} for a {age} year old"
        I want you to act as a storyteller. You will come up with entertaining stories that are engaging, imaginative and captivating. My first request is "I need a bedtime story about {t} for my {rel} {name}"
        Act as a storyteller. Come up with entertaining stories that are engaging, imaginative and captivating for the audience. First request: "a short story about {t} set in {city}"
        I want you to act as a storyteller. You will come up with stories that are engaging, imaginative and captivating for the audience, such as fairy tales or educational stories. My first request is "I need a story about {t}"
        I want you to act as a storyteller. You will come up with entertaining stories that are engaging, imaginative and captivating for the audience. My first request is "a funny story about {t}, in {hlang}"
    """,
    "act_as_travel_guide": r"""
        I want you to act as a travel guide. I will write you my location and you will suggest a place to visit near my location. My first suggestion request is "I am in {city2} and I want to visit only museums."
        I want you to act as a travel guide. I will write you my location and you will suggest places to visit near my location. My first suggestion request is "I am in {city2} and I want to eat local food."
        Act as a travel guide. I tell you my location and you suggest a place to visit near it, and similar places close by. My first request is "I am in {city2} for {days_n} days."
        I want you to act as a travel guide. I will write you my location and you will suggest a place to visit near my location. In some cases I will also give you the type of places. My first suggestion request is "I am in {city2} with {household}."
        I want you to act as a travel guide. I will give you my location and you will suggest a place to visit. My first suggestion request is "I'm in {city2} and I like hiking."
    """,
    "act_as_coach": r"""
        I want you to act as a motivational coach. I will provide you with some information about someone's goals and challenges, and it will be your job to come up with strategies that can help this person achieve their goals. My first request is "I need help motivating myself to {learn_skill}"
        I want you to act as a motivational coach. I will give you information about my goals and challenges and you will come up with strategies to help me achieve them. My first request is "I need help staying disciplined while I {fit_goal}"
        Act as a motivational coach. I will share my goals and challenges, you come up with strategies, positive affirmations and advice. My first request is "I need help motivating myself to study for {cert}"
        I want you to act as a motivational coach. I will provide you with some information about someone's goals and challenges, and it will be your job to come up with strategies. My first request is "I'm a {job} and I've lost all motivation at work"
        I want you to act as a life coach. I will give you details about my current situation and goals, and you will help me make better decisions. My first request is "I want to {learn_skill} but never find the time"
    """,
    # ---- review of one's own code ---------------------------------------------------------
    "is_quadratic": r"""
        is this O(n^2)?\n\n{quad_snippet}
        What's the time complexity of this function? I think it's O(n^2) but my friend says O(n).\n{quad_snippet}
        {quad_snippet}\n\nIs this quadratic? How would I make it linear?
        Can you tell me the Big O of my code and whether it'll be slow for a million items?\n{quad_snippet}
        my code times out on large inputs. is it because this is n squared?\n{quad_snippet}
        Interview prep: what's the runtime of this and can it be improved?\n\n{quad_snippet}
    """,
    "clean_snippet": r"""
        can you make this code cleaner?\n{snippet}
        How would you refactor this to be more readable?\n\n{snippet}
        {snippet}\n\nmake it more pythonic / idiomatic please
        This works but it's ugly. Any suggestions to clean it up?\n{snippet}
        Code review please, be honest:\n{snippet}
        Please improve this snippet without changing what it does:\n{snippet}
    """,
    "find_bug": r"""
        find the bug in my code:\n{snippet}
        Why doesn't this work? No error, just the wrong output.\n{snippet}
        {snippet}\n\nthis returns the wrong result for empty input, what's wrong?
        Can you spot what's wrong here? I've been staring at it for {k} hours.\n{snippet}
        There's a bug somewhere in this function and I can't find it:\n\n{snippet}
    """,
    "add_comments": r"""
        add comments and type hints to this:\n{snippet}
        Can you document this function for me? Docstring and inline comments.\n{snippet}
        {snippet}\n\nplease add comments explaining each line, it's for a beginner
        Write proper documentation for this code so my team understands it:\n{snippet}
        explain what this code does line by line:\n{snippet}
    """,
    "write_unit_tests": r"""
        write unit tests for this function:\n{snippet}
        Can you write tests for this, including edge cases?\n\n{snippet}
        {snippet}\n\nhow should I test this? give me a few test cases
        I need test coverage for this code before my PR gets merged:\n{snippet}
        Generate unit tests for the following function:\n{snippet}
    """,
    "convert_code": r"""
        convert this to {lang2}:\n{snippet}
        Can you translate this code to {lang2}? Keep the same behaviour.\n{snippet}
        {snippet}\n\nwhat would this look like in {lang2}?
        Port this function to {lang2} please, we're migrating our codebase:\n{snippet}
        rewrite in {lang2}:\n{snippet}
    """,
    # ---- small business --------------------------------------------------------------------
    "insta_captions": r"""
        write 10 instagram captions for my {business} in {city}
        Can you give me social media post ideas for my {business}? We're launching a new product next week.
        Instagram captions for a {business}, fun and short, with hashtags
        I run a small {business}. What should I post this week to get more followers?
        caption ideas for my {business}'s opening day, we're in {city}
    """,
    "business_names": r"""
        give me name ideas for a {business}
        I'm starting a {business} in {city}. Can you suggest 20 catchy names?
        Brainstorm names for my {business}, something memorable and not cheesy.
        names for a {business}, my name is {name} if that helps
        What should I call my {business}? Target customers are young professionals.
    """,
    "product_description": r"""
        write a product description for my {business}'s best seller
        Can you write an Etsy listing description for a handmade item from my {business}? Price {food_budget}.
        Product description please: I sell at my {business} in {city}, tone warm and simple.
        make this product description more appealing: "good quality, {food_budget}, made by hand"
        Write 3 versions of a product description for my online {business}.
    """,
    "review_reply": r"""
        how do I reply to a bad google review for my {business}? the customer said we were rude
        Write a professional response to a 1-star review of my {business}.
        Help me respond to a negative review without sounding defensive. I own a {business} in {city}.
        reply to customer complaint about late delivery, my {business}, polite and short
        A customer named {name} left an angry review. Can you draft a calm public reply?
    """,
})
