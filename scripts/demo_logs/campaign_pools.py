"""Slot pools of the campaigns. Each slot is a product of several pools, so that a campaign
covers a capability systematically instead of repeating a few tasks.
"""

from __future__ import annotations

from scripts.demo_logs.base import lines

GOAL_VERBS = lines("""
    migrate
    audit the access controls of
    harden
    set up monitoring for
    refactor
    cut the cloud bill of
    containerize
    add end-to-end tests to
    find the root cause of the latency spikes in
    upgrade every dependency of
    write a data retention job for
    automate the release process of
    investigate the failing deploys of
    document the public API of
    add rate limiting to
    remove the stale feature flags from
    backfill the missing records in
    set up disaster recovery for
    profile and speed up
    add single sign-on to
    shard
    port to ARM servers
    reconcile the ledger of
    deduplicate the customer records in
    add tracing to
    roll back the bad schema change in
    rotate the leaked credentials of
    build a staging copy of
    triage the open bug reports for
    decommission
""")

GOAL_OBJECTS = lines("""
    the billing service's PostgreSQL database
    a Django monolith with 300k lines
    a fleet of 40 Ubuntu servers
    a React Native shopping app
    the company's Terraform setup
    an ETL pipeline in Airflow
    a three-broker Kafka cluster
    a Go microservice that handles payments
    the internal wiki
    a legacy PHP storefront
    a machine-learning feature store
    the CI pipeline on GitHub Actions
    a Redis cache layer
    an S3 data lake
    a Kubernetes cluster running 14 services
    a Rust command-line tool
    a Shopify integration
    the analytics warehouse in BigQuery
    the mobile push-notification service
    a Spring Boot inventory system
    the customer support chatbot
    an on-prem mail server
    a WordPress multisite
    an Elasticsearch index with 2 billion documents
    a Jenkins build farm
    a FastAPI backend
    the HR onboarding scripts
    a Snowflake account
    the video transcoding workers
    a Flutter app
    the GraphQL gateway
    a MongoDB replica set
    a multiplayer game server
    an IoT telemetry ingest service
    a Next.js marketing site
    a nightly COBOL batch job
    the SAML identity provider
    a Celery task queue
    a vector search service
    an Nginx edge proxy
""")

GOAL_CONTEXTS = lines("""
    without any downtime
    before the audit next Friday
    while keeping p99 latency under 200 ms
    on a budget of $2,000 a month
    so that a new engineer can run it with one command
    without losing any customer data
    in under 48 hours
    while most of the team is on holiday
    so that it passes a SOC 2 review
    with a full rollback plan
    ahead of a possible region outage
    using only open-source tools
    with minimal changes to the public API
    so that costs drop by at least 30%
    across three AWS accounts
    during the holiday code freeze
    while staying GDPR compliant
    and keep a log of every change
    without root access
    with zero manual steps
""")

ENV_BASES = lines("""
    a Debian 12 VM
    a sandboxed container
    a macOS laptop
    a Kubernetes pod
    a Windows Server 2022 host
    a cloud development workspace
    a bare-metal box in a colocation rack
    an AWS account with an admin IAM role
    a GCP project
    a shared bastion host
    an air-gapped lab network
    a Raspberry Pi cluster
""")

ENV_TOOLS = lines("""
    shell access and git
    Python 3.12 and Docker
    kubectl and helm
    the AWS CLI
    psql and a read replica
    Terraform 1.9
    a headless browser and an HTTP client
    ssh to every host
    the GitHub CLI
    Ansible and an inventory file
    a Jupyter kernel
    read-only access to the logs
    a Grafana API token
    sudo but no internet access
""")

AGENT_CONSTRAINTS = lines("""
    never delete data
    ask before spending money
    log every command you run
    stay read-only for the first hour
    touch only the staging environment
    use at most 25 tool calls
    avoid restarting production services during business hours
    keep secrets out of the transcript
    prefer reversible changes
    verify each change before moving on
    install no new packages
    finish within one working day
""")

PROBLEM_TASKS = lines("""
    find the longest increasing subsequence in
    count the distinct palindromic substrings of
    compute the shortest path between two nodes in
    detect a cycle in
    merge overlapping intervals from
    find the k-th largest element in
    serialize and deserialize
    compute the running median of
    group the anagrams in
    schedule the most non-overlapping tasks from
    compute a minimum spanning tree of
    build an LRU cache over
    count the islands in
    compute the edit distance between pairs drawn from
    find the lowest common ancestor of two nodes in
    count the inversions in
    topologically sort
    find the maximum-sum contiguous run in
    compress runs of repeated symbols in
    evaluate an arithmetic expression stored in
    rotate by k positions
    find the smallest window containing every target symbol in
    find the articulation points of
    answer range-sum queries with point updates on
    find the shortest unique prefix of each word in
    compute the convex hull of
    split into the fewest palindromic pieces
    find the majority element of
    partition into two halves of equal sum
    find the longest path in
    deduplicate while preserving order
    compute the maximum flow through
    find every pair summing to a target in
    validate the bracket structure of
    find the median of two sorted halves of
""")

PROBLEM_STRUCTS = lines("""
    an array of integers
    a stream of timestamps
    a binary tree
    a directed graph given as an adjacency list
    a weighted undirected graph
    a 2D grid of characters
    a singly linked list
    a list of meeting intervals
    a string of lowercase letters
    a row- and column-sorted matrix
    a trie of dictionary words
    a list of 2D points
    a DAG of build dependencies
    a circular buffer
    a sequence of daily stock prices
    a log of user click events
    a sparse matrix
    a list of version strings
    a binary search tree
    a list of bank transactions
    a road network with toll costs
    a deeply nested JSON document
    a calendar of meeting slots across time zones
    a mountain-shaped array
    a file system directory tree
""")

PROBLEM_TWISTS = (
    "", " where values can be negative", " in a single pass", " using O(1) extra memory",
    " when the input does not fit in memory", " with up to a million updates",
    " where duplicates are allowed", " shared between several threads",
    " over a sliding window of size k", " online as elements arrive",
    " where some edge weights are negative", " breaking ties lexicographically",
    " that may contain cycles", " with the answer taken modulo 1e9+7",
    " returning every optimal solution", " in a functional style without mutation",
    " where the input is given in compressed form", " with at most k changes allowed",
)

PROJ_VERBS = lines("""
    launch
    build
    roll out
    migrate our company to
    open
    design and ship
    scale up
    set up
    relaunch
    pilot
""")

PROJ_ADJS = lines("""
    a subscription-based
    an AI-assisted
    a low-cost
    a multilingual
    a carbon-neutral
    a self-service
    an offline-first
    a HIPAA-compliant
    a peer-to-peer
    a franchise-ready
    a voice-controlled
    a community-owned
    a white-label
    a fully remote
    a regulated
""")

PROJ_PRODUCTS = lines("""
    meal-kit delivery service
    telehealth platform
    coworking space
    B2B invoicing tool
    language-learning app
    electric bike rental network
    warehouse robotics programme
    community solar project
    online tutoring marketplace
    craft brewery
    cybersecurity training course
    hospital shift-scheduling system
    second-hand fashion store
    drone inspection business
    vertical farm
    payroll product
    microfinance programme
    mobile game studio
    edge data centre
    food bank logistics system
    veterinary clinic chain
    ride-sharing service for seniors
    open-source observability product
    battery recycling plant
    customer loyalty platform
""")

PROJ_AUDIENCES = lines("""
    university students
    rural clinics
    small law firms
    retirees
    gig workers
    mid-size manufacturers
    city governments
    first-time home buyers
    remote-first startups
    independent pharmacies
    dairy farmers
    public libraries
    freight forwarders
    dental practices
    amateur sports clubs
    museums
    e-commerce sellers
    school districts
    hotel chains
    non-profits
""")

PROJ_PLACES = (
    "", " in Brazil", " in Nigeria", " across the EU", " in Southeast Asia", " in the US Midwest",
    " in India", " in Canada", " in Japan", " in Mexico", " in Kenya", " in Poland",
)

PETS = ("cat", "dog", "parrot", "rabbit", "goldfish", "hamster", "tortoise", "ferret")

DATA_ENTITIES: dict[str, tuple[str, ...]] = {
    "online orders": (
        "order_id", "customer_id", "order_date", "region", "channel", "basket_value", "discount", "returned",
    ),
    "hospital admissions": (
        "patient_id", "admit_date", "ward", "age", "diagnosis_code", "length_of_stay", "readmitted",
    ),
    "app sessions": ("user_id", "session_start", "platform", "country", "duration_s", "screens_viewed", "crashed"),
    "energy meter readings": ("meter_id", "timestamp", "kwh", "tariff", "postcode", "outside_temp"),
    "loan applications": ("application_id", "applied_on", "amount", "income", "credit_score", "purpose", "approved"),
    "support tickets": ("ticket_id", "opened_at", "product", "priority", "first_response_min", "resolved", "csat"),
    "flight departures": ("flight_no", "scheduled", "actual", "origin", "destination", "carrier", "delay_min"),
    "employee records": ("employee_id", "hire_date", "department", "level", "salary", "manager_id", "left_company"),
    "retail store sales": ("store_id", "week", "sku", "units", "price", "promo", "stockout"),
    "sensor telemetry": ("device_id", "ts", "temperature", "vibration", "pressure", "firmware", "fault"),
    "marketing emails": ("campaign_id", "sent_at", "segment", "opened", "clicked", "unsubscribed", "revenue"),
    "insurance claims": ("claim_id", "filed_on", "policy_type", "claim_amount", "region", "fraud_flag"),
}

DATA_ANALYSES = lines("""
    the monthly trend of {metric} broken down by {dim}
    whether {metric} differs significantly between {dim} groups
    the main drivers of {metric}
    anomalies in {metric} over time
    a forecast of {metric} for the next quarter
    a cohort analysis of {metric} by {dim}
    the distribution of {metric} and any outliers
    the effect of {dim} on {metric} after controlling for seasonality
""")

PRIMES = (3, 5, 7, 11, 13, 17, 19, 23)


LEVELS = lines("""
    competition-level
    graduate-level
    olympiad-style
    undergraduate
    high-school
    interview-style
    textbook
    deceptively simple
""")

PROOF_STYLES = lines("""
    induction
    contradiction
    a combinatorial argument
    a counting argument
    the pigeonhole principle
    strong induction
    an extremal argument
    modular arithmetic
""")

ANALYSIS_TOOLS = ("pandas", "R with dplyr", "SQL plus pandas", "polars", "PySpark")
CAMPAIGN_LANGS = (
    "Python", "C++", "Java", "Go", "Rust", "TypeScript", "JavaScript", "Kotlin", "C#", "Swift", "Scala",
    "Haskell", "Elixir", "Ruby",
)
