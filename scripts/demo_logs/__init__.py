"""A labelled, deterministic request log for developing and judging embedcluster.

The log mixes ordinary users, legitimate traffic that looks templated (company automation,
users of one agent harness, pasted jailbreaks, benchmark runs) and distillation campaigns
spread over many young accounts, in the three request shapes the ingester accepts. Every
template, fixed text and obfuscation style exists in two disjoint sets: ``dev`` (for tuning)
and ``holdout`` (for judging), and holdout adds a campaign style and obfuscations that dev
never shows, so that a score on holdout measures generalisation rather than memorisation.

Tables of text live in modules by subject (topics, everyday, asks, coding, campaign_pools,
campaigns, lookalikes, obfuscation); slots.py says what fills each template slot; textgen.py
composes ordinary prompts; accounts.py plans who sends what when; render.py turns that into
rows; writer.py writes the log and its labels and is the command line.
"""
