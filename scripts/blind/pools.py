"""Vocabulary pools (people, places, food, work, products, tech) registered as template slots."""
from __future__ import annotations

from .common import register, words

FIRST = words("""James|Maria|Wei|Aisha|Lukas|Sofia|Mateo|Priya|Arjun|Yuki|Hiroshi|Fatima|Omar|Chloe|Noah|Emma|Liam|Olivia|
Ava|Ethan|Mia|Lucas|Isabella|Mohammed|Ali|Zeynep|Emre|Anna|Jakub|Zofia|Kateryna|Oleksandr|Dmitri|Svetlana|Ngozi|Chinedu|
Kwame|Amara|Thabo|Lerato|Carlos|Ana|Joao|Beatriz|Pedro|Lucia|Diego|Valentina|Camila|Santiago|Juan|Elena|Giulia|Marco|
Francesca|Luca|Pierre|Camille|Julien|Manon|Hannah|Felix|Jonas|Lea|Niklas|Sven|Ingrid|Freya|Mikko|Aino|Sanne|Daan|Bram|
Emily|Jack|Harry|Charlotte|George|Amelia|Oscar|Grace|Ben|Sarah|David|Rachel|Michael|Jessica|Daniel|Ashley|Kevin|Tyler|
Brandon|Megan|Kayla|Jordan|Taylor|Alex|Sam|Chris|Pat|Jamie|Riley|Min-jun|Seo-yeon|Ji-ho|Haruto|Sakura|Ren|Mei|Li|Jun|
Xiaoming|Yan|Hui|Anh|Minh|Linh|Thanh|Siti|Budi|Putri|Rizky|Nur|Ahmad|Farah|Layla|Youssef|Karim|Nadia|Hassan|Rania|
Tariq|Sana|Ravi|Sunita|Deepak|Kavya|Rohan|Ananya|Vikram|Neha|Sipho|Zanele|Tomas|Petra|Marek|Eszter|Bence|Ioana|Andrei|
Nikos|Eleni|Dragan|Milica|Ahmet|Elif|Can|Bjorn|Astrid|Kofi|Esi|Abebe|Meron|Tendai|Rutendo|Pablo|Gabriela|Rafael|Paula""")
LAST = words("""Smith|Johnson|Garcia|Martinez|Chen|Wang|Li|Zhang|Kim|Park|Lee|Nguyen|Tran|Patel|Shah|Singh|Kumar|Sharma|
Gupta|Khan|Ahmed|Hassan|Ali|Yilmaz|Kaya|Demir|Kowalski|Nowak|Wisniewski|Muller|Schmidt|Schneider|Fischer|Weber|Meyer|
Dubois|Martin|Bernard|Moreau|Rossi|Russo|Ferrari|Esposito|Silva|Santos|Oliveira|Souza|Pereira|Rodriguez|Lopez|Gonzalez|
Hernandez|Perez|Sanchez|Ramirez|Torres|Flores|Rivera|Ivanov|Petrov|Smirnov|Kovalenko|Shevchenko|Okafor|Adeyemi|Mensah|
Osei|Dlamini|Nkosi|Mokoena|Brown|Taylor|Wilson|Davies|Evans|Thomas|Roberts|Walker|Wright|Thompson|White|Hughes|Edwards|
Green|Hall|Wood|Jackson|Clarke|Anderson|Murphy|O'Brien|Kelly|Ryan|Byrne|Jansen|de Vries|van Dijk|Bakker|Visser|Nielsen|
Hansen|Larsen|Andersen|Johansson|Karlsson|Virtanen|Korhonen|Tanaka|Suzuki|Sato|Takahashi|Watanabe|Ito|Yamamoto|Nakamura|
Haddad|Mansour|Farouk|Novak|Horvat|Popescu|Papadopoulos|Nagy|Toth|Costa|Ferreira|Gomes|Mendes|Reyes|Cruz|Morales""")

# city, country, utc offset (hours), language code
CITIES = [
    ("New York", "US", -4, "en"), ("Los Angeles", "US", -7, "en"), ("Chicago", "US", -5, "en"), ("Austin", "US", -5, "en"),
    ("Seattle", "US", -7, "en"), ("Denver", "US", -6, "en"), ("Atlanta", "US", -4, "en"), ("Boston", "US", -4, "en"),
    ("Miami", "US", -4, "en"), ("Phoenix", "US", -7, "en"), ("Portland", "US", -7, "en"), ("Minneapolis", "US", -5, "en"),
    ("Toronto", "CA", -4, "en"), ("Vancouver", "CA", -7, "en"), ("Montreal", "CA", -4, "fr"), ("Mexico City", "MX", -6, "es"),
    ("Guadalajara", "MX", -6, "es"), ("Bogota", "CO", -5, "es"), ("Lima", "PE", -5, "es"), ("Santiago", "CL", -4, "es"),
    ("Buenos Aires", "AR", -3, "es"), ("Sao Paulo", "BR", -3, "pt"), ("Rio de Janeiro", "BR", -3, "pt"), ("Belo Horizonte", "BR", -3, "pt"),
    ("London", "GB", 1, "en"), ("Manchester", "GB", 1, "en"), ("Edinburgh", "GB", 1, "en"), ("Dublin", "IE", 1, "en"),
    ("Paris", "FR", 2, "fr"), ("Lyon", "FR", 2, "fr"), ("Berlin", "DE", 2, "de"), ("Munich", "DE", 2, "de"), ("Hamburg", "DE", 2, "de"),
    ("Vienna", "AT", 2, "de"), ("Zurich", "CH", 2, "de"), ("Madrid", "ES", 2, "es"), ("Barcelona", "ES", 2, "es"),
    ("Lisbon", "PT", 1, "pt"), ("Rome", "IT", 2, "it"), ("Milan", "IT", 2, "it"), ("Amsterdam", "NL", 2, "en"),
    ("Brussels", "BE", 2, "fr"), ("Copenhagen", "DK", 2, "en"), ("Stockholm", "SE", 2, "en"), ("Oslo", "NO", 2, "en"),
    ("Helsinki", "FI", 3, "en"), ("Warsaw", "PL", 2, "pl"), ("Krakow", "PL", 2, "pl"), ("Prague", "CZ", 2, "en"),
    ("Budapest", "HU", 2, "en"), ("Bucharest", "RO", 3, "en"), ("Athens", "GR", 3, "en"), ("Istanbul", "TR", 3, "tr"),
    ("Ankara", "TR", 3, "tr"), ("Kyiv", "UA", 3, "ru"), ("Tel Aviv", "IL", 3, "en"), ("Cairo", "EG", 3, "en"),
    ("Lagos", "NG", 1, "en"), ("Nairobi", "KE", 3, "en"), ("Accra", "GH", 0, "en"), ("Johannesburg", "ZA", 2, "en"),
    ("Cape Town", "ZA", 2, "en"), ("Dubai", "AE", 4, "en"), ("Riyadh", "SA", 3, "en"), ("Karachi", "PK", 5, "en"),
    ("Mumbai", "IN", 5.5, "en"), ("Bangalore", "IN", 5.5, "en"), ("Delhi", "IN", 5.5, "hi"), ("Hyderabad", "IN", 5.5, "en"),
    ("Pune", "IN", 5.5, "en"), ("Chennai", "IN", 5.5, "en"), ("Dhaka", "BD", 6, "en"), ("Bangkok", "TH", 7, "en"),
    ("Ho Chi Minh City", "VN", 7, "en"), ("Hanoi", "VN", 7, "en"), ("Jakarta", "ID", 7, "id"), ("Surabaya", "ID", 7, "id"),
    ("Kuala Lumpur", "MY", 8, "en"), ("Singapore", "SG", 8, "en"), ("Manila", "PH", 8, "en"), ("Taipei", "TW", 8, "zh"),
    ("Hong Kong", "HK", 8, "en"), ("Seoul", "KR", 9, "en"), ("Busan", "KR", 9, "en"), ("Tokyo", "JP", 9, "ja"),
    ("Osaka", "JP", 9, "ja"), ("Sydney", "AU", 10, "en"), ("Melbourne", "AU", 10, "en"), ("Brisbane", "AU", 10, "en"),
    ("Auckland", "NZ", 12, "en"), ("Perth", "AU", 8, "en"),
]
CITY_WEIGHTS = [6 if c[1] == "US" else 3 if c[1] in ("GB", "IN", "DE", "CA", "BR") else 1.5 for c in CITIES]

JOBS = words("""nurse|teacher|software engineer|accountant|barista|graphic designer|student|PhD student|marketing manager|
electrician|project manager|pharmacist|data analyst|truck driver|chef|retail manager|paralegal|real estate agent|
dental hygienist|physiotherapist|HR coordinator|sales rep|freelance writer|photographer|civil engineer|mechanic|
social worker|UX researcher|product manager|financial advisor|lab technician|architect|warehouse supervisor|
customer support agent|small business owner|stay-at-home parent|retired engineer|high school student|music teacher|
veterinary assistant|flight attendant|police officer|firefighter|journalist|translator|personal trainer|hairdresser|
operations analyst|content creator|bookkeeper|plumber|carpenter|lawyer|doctor|medical student|nursing student|
research assistant|logistics coordinator|event planner|copywriter|game developer|IT support technician|DevOps engineer""")
SKILLS = words("""Spanish|Japanese|guitar|piano|Python|SQL|Excel|data analysis|drawing|watercolor painting|public speaking|
swimming|running a 5k|a half marathon|chess|photography|video editing|machine learning|French|Korean|German|Mandarin|
web development|JavaScript|React|cooking Indian food|baking bread|sewing|knitting|woodworking|gardening|digital marketing|
investing|touch typing|speed reading|calligraphy|singing|ukulele|drums|rock climbing|yoga|meditation|3D modeling in Blender|
UI design in Figma|project management|negotiation|writing fiction|poetry|stand-up comedy|sign language|Arabic|Italian|
Portuguese|Rust|Go|cybersecurity|cloud computing (AWS)|Kubernetes|statistics|calculus|linear algebra|car maintenance|
salsa dancing|surfing|skateboarding|crochet|pottery|sourdough|coffee roasting|bird watching|electronics with Arduino""")
FOODS = words("""chicken|rice|lentils|chickpeas|tofu|salmon|eggs|oats|sweet potatoes|broccoli|spinach|pasta|ground beef|
quinoa|black beans|greek yogurt|cottage cheese|tuna|avocado|bananas|mushrooms|cauliflower|paneer|tempeh|shrimp|
zucchini|bell peppers|carrots|potatoes|cabbage|kimchi|feta|halloumi|turkey mince|pork chops|cod|sardines|peanut butter""")
DIETS = words("""vegetarian|vegan|high protein|low carb|keto|Mediterranean|gluten-free|dairy-free|pescatarian|
low FODMAP|diabetic-friendly|halal|kosher|budget|intermittent fasting|bulking|cutting|heart-healthy|low sodium|no-cook""")
DISLIKES = words("""mushrooms|olives|cilantro|fish|spicy food|onions|eggplant|tomatoes|beans|coconut|seafood|broccoli|
raw onion|blue cheese|peppers|anything too sweet""")
PETS = words("""dog|cat|puppy|kitten|rabbit|hamster|guinea pig|parrot|budgie|bearded dragon|leopard gecko|goldfish|
corgi|golden retriever|border collie|rescue greyhound|husky|pug|ragdoll cat|maine coon""")
PET_NAMES = words("Luna|Max|Bella|Charlie|Milo|Coco|Rocky|Nala|Simba|Oreo|Pepper|Biscuit|Mochi|Loki|Teddy|Ziggy|Peanut|Olive|Bruno|Kiwi")
HOBBIES = words("""hiking|board games|gaming|reading fantasy|running|cycling|baking|gardening|climbing|photography|
anime|football|basketball|cricket|birdwatching|fishing|camping|thrifting|skincare|fantasy football|DnD|poetry|
journaling|crossfit|tennis|padel|volleyball|chess|knitting|vinyl collecting|film photography|cosplay""")
COMPANIES = words("""Northwind Logistics|Brightpath Health|Acme Retail|Bluefin Analytics|Greenleaf Foods|Helios Energy|
Ironclad Security|Juniper Dental|Keystone Insurance|Lumen Labs|Meridian Bank|Nimbus Cloud|Orchid Travel|Pinnacle Realty|
Quantum Freight|Redwood Schools|Silverline Media|Tidewater Shipping|Umbra Games|Vertex Manufacturing|Willow Pharmacy|
Zenith Motors|Harbor & Co|Atlas Consulting|Cobalt Robotics|Driftwood Coffee|Evergreen Legal|Foxglove Studio|
Granite Construction|Halcyon Hotels|Indigo Fashion|Jasper Telecom|Kestrel Aviation|Lighthouse Nonprofit|Mosaic Marketing|
Nova Biotech|Oakridge Clinic|Parallel Fintech|Quartz Software|Riverbend Farms|Summit Outdoor|Tandem Bikes|Upland Wines""")
PRODUCTS = words("""noise-cancelling headphones|standing desk|air fryer|robot vacuum|ergonomic chair|espresso machine|
mechanical keyboard|running shoes|electric toothbrush|smartwatch|e-reader|yoga mat|blender|rice cooker|portable charger|
bamboo sheets|cast iron skillet|hiking backpack|dash cam|baby monitor|dehumidifier|air purifier|electric kettle|
gaming mouse|4K monitor|webcam|bike helmet|water bottle|lunch box|desk lamp|sofa bed|office chair|drone|label printer""")
TOPICS_SCI = words("""black holes|photosynthesis|CRISPR|the placebo effect|plate tectonics|quantum entanglement|vaccines and mRNA|
climate change feedback loops|the immune system|dark matter|how batteries work|how GPS works|inflation|compound interest|
the French Revolution|the fall of the Roman Empire|the Cold War|the Silk Road|the Ottoman Empire|the Industrial Revolution|
the Meiji Restoration|apartheid|the printing press|the Renaissance|the causes of World War I|the Bretton Woods system|
game theory|the prisoner's dilemma|Bayes' theorem|entropy|natural selection|epigenetics|the gut microbiome|circadian rhythms|
nuclear fusion|semiconductors|how vaccines are tested|supply and demand|opportunity cost|the stock market|index funds|
cryptocurrency|blockchain|machine learning|large language models|neural networks|the internet|how airplanes fly|
why the sky is blue|tides|volcanoes|earthquakes|hurricanes|the water cycle|coral bleaching|bees and pollination|
the Big Bang|exoplanets|the Fermi paradox|stoicism|existentialism|utilitarianism|Kant's categorical imperative|
cognitive dissonance|the Dunning-Kruger effect|confirmation bias|attachment theory|impostor syndrome|procrastination|
minimalism|the Pomodoro technique|the Mediterranean diet|intermittent fasting|creatine|sleep hygiene|caffeine tolerance|
lactose intolerance|ADHD in adults|seasonal affective disorder|burnout|the electoral college|proportional representation|
the EU|NATO|the UN Security Council|universal basic income|carbon taxes|rent control|minimum wage debates|remote work""")
TOOLS_LIB = words("""pandas|numpy|matplotlib|requests|Flask|Django|FastAPI|SQLAlchemy|pytest|PyTorch|TensorFlow|scikit-learn|
React|Next.js|Vue|Angular|Express|NestJS|Prisma|Tailwind|Redux|axios|Jest|Vite|webpack|TypeScript|Spring Boot|Hibernate|
Gradle|Maven|Go modules|gin|gorm|tokio|serde|actix-web|diesel|Rails|Laravel|Symfony|.NET Core|Entity Framework|Unity|
Docker|Kubernetes|Terraform|Ansible|GitHub Actions|GitLab CI|nginx|PostgreSQL|MySQL|MongoDB|Redis|Kafka|RabbitMQ|
Elasticsearch|Airflow|dbt|Spark|Polars|Streamlit|Gradio|LangChain|Hugging Face transformers|OpenCV|Selenium|Playwright|
BeautifulSoup|Scrapy|Celery|Pydantic|Jupyter|Electron|Flutter|React Native|SwiftUI|Jetpack Compose|Svelte|Astro""")
PLANGS = words("Python|JavaScript|TypeScript|Java|C#|Go|Rust|C++|C|PHP|Ruby|Kotlin|Swift|SQL|Bash|R|Scala|Dart|Lua|Haskell|Elixir")
PLANG_W = [20, 14, 10, 7, 6, 5, 4, 5, 2, 3, 2, 2, 2, 6, 3, 2, 1, 1, 0.5, 0.5, 0.5]
LANGS_HUMAN = words("""Spanish|French|German|Italian|Portuguese|Japanese|Korean|Mandarin Chinese|Arabic|Hindi|Turkish|Polish|
Dutch|Swedish|Russian|Ukrainian|Vietnamese|Indonesian|Thai|Greek|Hebrew|Tagalog|Swahili|Bengali|Urdu""")
UNIVERSITIES = words("""MIT|Stanford|UC Berkeley|University of Michigan|Georgia Tech|UT Austin|UCLA|NYU|University of Toronto|
McGill|UBC|Oxford|Cambridge|Imperial College|UCL|ETH Zurich|TU Munich|KTH|Sorbonne|Politecnico di Milano|
University of Sao Paulo|UNAM|IIT Bombay|IIT Delhi|NUS|NTU|University of Tokyo|KAIST|Tsinghua|Peking University|
University of Melbourne|UNSW|University of Cape Town|University of Lagos|Cairo University|METU|University of Warsaw""")
SUBJECTS = words("""biology|chemistry|physics|calculus|statistics|economics|psychology|sociology|history|English literature|
computer science|philosophy|political science|accounting|marketing|nursing|anatomy|organic chemistry|microeconomics|
macroeconomics|linear algebra|discrete math|data structures|world history|environmental science|art history|law""")
TRAVEL = words("""Japan|Italy|Portugal|Mexico|Thailand|Iceland|Greece|Vietnam|Peru|Morocco|Croatia|Scotland|Bali|
New Zealand|Costa Rica|Spain|Turkey|Norway|Sri Lanka|Colombia|South Africa|Egypt|Switzerland|Ireland|Canada|Patagonia""")
TRAVEL_CITIES = words("""Tokyo|Kyoto|Rome|Florence|Lisbon|Porto|Barcelona|Paris|Amsterdam|Prague|Vienna|Budapest|Istanbul|
Marrakech|Cairo|Cape Town|Bangkok|Chiang Mai|Hanoi|Seoul|Singapore|Bali|Sydney|New York|San Francisco|New Orleans|
Mexico City|Oaxaca|Cusco|Buenos Aires|Rio|Reykjavik|Copenhagen|Edinburgh|Dublin|Athens|Santorini|Dubrovnik|Berlin""")
WHO = words("""my mom|my dad|my sister|my brother|my best friend|my boss|my coworker|my girlfriend|my boyfriend|my wife|
my husband|my grandma|my grandpa|my neighbor|my teacher|my son|my daughter|my roommate|my partner|my team lead|my landlord""")
OCCASIONS = words("""birthday|anniversary|graduation|retirement|wedding|baby shower|farewell|promotion|housewarming|
Mother's Day|Father's Day|Christmas|Eid|Diwali|Lunar New Year|Valentine's Day|get-well-soon|condolence""")
MOODS = words("funny|heartfelt|short|formal|casual|sarcastic|warm|professional|poetic|cheesy|sincere|witty")
EXAMS = words("""the SAT|the GRE|the GMAT|the LSAT|the MCAT|IELTS|TOEFL|the bar exam|my CPA exam|AWS Solutions Architect|
CompTIA Security+|my finals|A-levels|the JLPT N3|DELE B2|the USMLE Step 1|my driving theory test|PMP|CFA Level 1|the NCLEX""")
ROLES = words("""data analyst|software engineer|product manager|nurse|teacher|marketing coordinator|accountant|UX designer|
customer success manager|sales development rep|barista|warehouse associate|research assistant|project coordinator|
frontend developer|backend developer|DevOps engineer|business analyst|HR generalist|administrative assistant|
operations manager|graphic designer|content writer|financial analyst|lab technician|junior developer|intern""")

register(
    first=FIRST, last=LAST, job=JOBS, skill=SKILLS, food=FOODS, diet=DIETS, dislike=DISLIKES, pet=PETS, pet_name=PET_NAMES,
    hobby=HOBBIES, company=COMPANIES, product=PRODUCTS, topic=TOPICS_SCI, lib=TOOLS_LIB, plang=PLANGS, hlang=LANGS_HUMAN,
    uni=UNIVERSITIES, subject=SUBJECTS, country_t=TRAVEL, tcity=TRAVEL_CITIES, who=WHO, occasion=OCCASIONS, mood=MOODS,
    exam=EXAMS, role=ROLES,
    n_days=["3", "5", "7", "7", "7", "10", "14", "4", "a week's", "30"],
    n_small=["3", "5", "5", "10", "7", "4", "6", "8"],
    age=lambda r, c: str(r.randint(16, 68)),
    weight=lambda r, c: r.choice([f"{r.randint(50, 120)}kg", f"{r.randint(110, 260)} lbs"]),
    money=lambda r, c: r.choice(["$", "$", "€", "£", "₹", "R$", "¥"]) + str(r.choice([30, 40, 50, 60, 75, 80, 100, 120, 150, 200, 250, 500, 1000, 1500, 2000, 3000])),
    salary=lambda r, c: r.choice(["$", "€", "£"]) + str(r.randint(28, 180)) + r.choice(["k", ",000", "k a year"]),
    year=lambda r, c: str(r.randint(1990, 2026)),
    weeks=["2", "3", "4", "6", "8", "10", "12", "two", "three", "six"],
    months=["1", "2", "3", "6", "a few", "three", "six", "12"],
    hours=["30 minutes", "1 hour", "2 hours", "an hour", "45 min", "20 minutes", "3 hours", "half an hour"],
    name=lambda r, c: r.choice(FIRST),
    fullname=lambda r, c: r.choice(FIRST) + " " + r.choice(LAST),
    nmin=lambda r, c: str(r.choice([200, 250, 300, 500, 500, 750, 1000, 1500, 2000])),
)
