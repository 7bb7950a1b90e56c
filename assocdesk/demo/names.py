"""The vocabulary of the demo association: names, places, gifts and activities.

Names come as (Arabic, Latin) pairs so one draw can be written in either script and a contact
written in Arabic still gets a plausible e-mail address. The Arabic spellings deliberately use
every hamza form (أ إ آ ؤ), taa marbuta and alif maqsura, so the demo exercises the search
normalization the way real data would.
"""

from __future__ import annotations

from datetime import date

from assocdesk.services.association import ProfileInput

PROFILE = ProfileInput(
    name_ar="جمعية الأمل للتنمية والتضامن",
    name_fr="Association Al Amal pour le développement et la solidarité",
    name_en="Al Amal Association for Development and Solidarity",
    address="12, rue Ibn Battouta, Hay Mohammadi",
    city="Casablanca",
    country="MA",
    registration_number="2012/4417",
    phone="05 22 61 48 30",
    email="contact@alamal-asso.ma",
    website="https://alamal-asso.ma",
    default_currency="MAD",
    default_language="ar",
    receipt_prefix="AML",
    hashtags="#جمعية_الأمل #تضامن",
    president_name="فاطمة الزهراء العلوي",
    president_gender="female",
    treasurer_name="رشيد بنجلون",
    treasurer_gender="male",
    # What its receipts state (issue 16): recognized of public utility by decree, its ICE and
    # IF, and its object as the statutes word it.
    legal_status="public_utility",
    legal_status_detail="مرسوم رقم 2.18.512 صادر في 14 غشت 2018",
    tax_identifiers="ICE 001528394000072\nIF 40187365",
    purpose="محاربة الهشاشة ودعم الأسر المعوزة وتمدرس الأطفال بالدار البيضاء الكبرى",
)
FOUNDED = date(2012, 4, 14)

MALE = [
    ("أحمد", "Ahmed"), ("محمد", "Mohamed"), ("إبراهيم", "Brahim"), ("مصطفى", "Mustapha"),
    ("يوسف", "Youssef"), ("عبد الله", "Abdellah"), ("عبد الرحمن", "Abderrahmane"),
    ("إدريس", "Driss"), ("عمر", "Omar"), ("علي", "Ali"), ("حسن", "Hassan"),
    ("الحسين", "Houcine"), ("خالد", "Khalid"), ("رشيد", "Rachid"), ("سعيد", "Said"),
    ("كريم", "Karim"), ("مراد", "Mourad"), ("ياسين", "Yassine"), ("أيوب", "Ayoub"),
    ("إسماعيل", "Ismail"), ("عثمان", "Othmane"), ("حمزة", "Hamza"), ("أنس", "Anas"),
    ("بلال", "Bilal"), ("المهدي", "Mehdi"), ("نبيل", "Nabil"), ("عبد القادر", "Abdelkader"),
    ("أمين", "Amine"), ("سفيان", "Soufiane"), ("زكرياء", "Zakaria"), ("مؤمن", "Moumen"),
]  # fmt: skip
FEMALE = [
    ("فاطمة", "Fatima"), ("فاطمة الزهراء", "Fatima Zahra"), ("عائشة", "Aicha"),
    ("آمنة", "Amina"), ("خديجة", "Khadija"), ("مريم", "Meryem"), ("زينب", "Zineb"),
    ("سكينة", "Sakina"), ("نزهة", "Nezha"), ("إيمان", "Imane"), ("أسماء", "Asmae"),
    ("سلمى", "Salma"), ("هدى", "Houda"), ("نعيمة", "Naima"), ("رقية", "Rokaya"),
    ("سعاد", "Souad"), ("لطيفة", "Latifa"), ("ياسمين", "Yasmine"), ("إكرام", "Ikram"),
    ("هاجر", "Hajar"), ("نادية", "Nadia"), ("سميرة", "Samira"), ("ليلى", "Leila"),
    ("كنزة", "Kenza"), ("غزلان", "Ghizlane"), ("نوال", "Nawal"), ("حنان", "Hanane"),
    ("وفاء", "Wafae"), ("سناء", "Sanae"), ("أمل", "Amal"), ("بشرى", "Bouchra"),
]  # fmt: skip
FAMILY = [
    ("بنعلي", "Benali"), ("العلوي", "El Alaoui"), ("الإدريسي", "El Idrissi"),
    ("بوزيد", "Bouzid"), ("التازي", "Tazi"), ("الفاسي", "El Fassi"), ("بنجلون", "Benjelloun"),
    ("الشرقاوي", "Cherkaoui"), ("المنصوري", "Mansouri"), ("الزياني", "Ziani"),
    ("الوزاني", "Ouazzani"), ("القادري", "Kadiri"), ("العمراني", "Amrani"),
    ("بلقاسم", "Belkacem"), ("بن يوسف", "Benyoucef"), ("حداد", "Haddad"),
    ("مسعودي", "Messaoudi"), ("بلحاج", "Belhadj"), ("السعيدي", "Saidi"), ("لحلو", "Lahlou"),
    ("برادة", "Berrada"), ("الشريف", "Cherif"), ("بوعزة", "Bouazza"), ("السوسي", "Soussi"),
    ("الأنصاري", "Ansari"), ("المراكشي", "Marrakchi"), ("الرحماني", "Rahmani"),
    ("بن عيسى", "Benaissa"), ("زروقي", "Zerrouki"), ("بوضياف", "Boudiaf"),
    ("مزيان", "Meziane"), ("آيت أحمد", "Ait Ahmed"), ("أوحمو", "Ouhammou"),
    ("الهاشمي", "Hachimi"), ("بنموسى", "Benmoussa"), ("الكتاني", "Kettani"),
]  # fmt: skip
# The first contacts are always these, whatever the seed, so a demo can be shown (and tested)
# with the same searches ("احمد" finds أحمد, "ابراهيم" finds إبراهيم). Style: "ar" writes the
# Arabic pair, "upper" gives "Mohamed BENALI", "title" gives "Karim Ouazzani".
SHOWCASE = [
    ("أحمد", "بنعلي", "ar"), ("Fatima Zahra", "El Idrissi", "upper"),
    ("Karim", "Ouazzani", "title"), ("آمنة", "العلوي", "ar"), ("إبراهيم", "بوزيد", "ar"),
    ("مصطفى", "الإدريسي", "ar"), ("عائشة", "التازي", "ar"), ("يوسف", "بنجلون", "ar"),
    ("Mohamed", "Benali", "upper"),
]  # fmt: skip

# (country, Arabic, Latin, weight): the association is in Casablanca; a share of its donors
# and members live in Algeria and give in DZD.
CITIES = [
    ("MA", "الدار البيضاء", "Casablanca", 40), ("MA", "المحمدية", "Mohammedia", 6),
    ("MA", "الرباط", "Rabat", 8), ("MA", "سلا", "Salé", 4), ("MA", "فاس", "Fès", 6),
    ("MA", "مراكش", "Marrakech", 6), ("MA", "وجدة", "Oujda", 4), ("MA", "طنجة", "Tanger", 5),
    ("MA", "أكادير", "Agadir", 4), ("MA", "مكناس", "Meknès", 3), ("MA", "برشيد", "Berrechid", 3),
    ("DZ", "الجزائر", "Alger", 8), ("DZ", "وهران", "Oran", 6), ("DZ", "قسنطينة", "Constantine", 4),
    ("DZ", "تلمسان", "Tlemcen", 4), ("DZ", "عنابة", "Annaba", 3), ("DZ", "سطيف", "Sétif", 2),
]  # fmt: skip
QUARTERS = [
    ("حي السلام", "Hay Essalam"), ("حي النهضة", "Hay Nahda"), ("حي الفتح", "Hay El Fath"),
    ("حي الأمل", "Hay Al Amal"), ("حي الرياض", "Hay Riad"), ("الحي المحمدي", "Hay Mohammadi"),
]  # fmt: skip
STREETS = ["Ibn Battouta", "Allal Ben Abdellah", "Zerktouni", "Moulay Youssef", "des Orangers"]
MAIL_DOMAINS = ["gmail.com", "gmail.com", "yahoo.fr", "hotmail.com", "outlook.fr", "menara.ma"]
CONTACT_NOTES = [
    "يفضل الاتصال بعد العصر",
    "Parent d'élève, école Ibn Khaldoun",
    "Donateur régulier depuis 2019",
    "متطوعة في حملات رمضان",
    "Préfère être contacté par WhatsApp",
]

# Organizations that give: the first ones always appear, then names are composed.
ORGANIZATIONS = [
    ("Société Atlas Distribution SARL", "MA", "Casablanca"),
    ("مؤسسة الخير", "MA", "الدار البيضاء"),
    ("Fondation Zakoura", "MA", "Casablanca"),
    ("Boulangerie Al Baraka", "MA", "Casablanca"),
    ("صيدلية النور", "MA", "المحمدية"),
    ("Groupe Scolaire Al Massira", "MA", "Casablanca"),
    ("Coopérative Tighanimine", "MA", "Agadir"),
    ("مطبعة النجاح", "MA", "فاس"),
    ("Clinique Al Hayat", "MA", "Rabat"),
    ("SARL Oran Agro Services", "DZ", "Oran"),
    ("مؤسسة البركة للتجارة", "DZ", "الجزائر"),
    ("Café Restaurant Le Palmier", "MA", "Marrakech"),
]
ORG_KINDS_AR = ["مؤسسة", "شركة", "تعاونية", "مخبزة", "صيدلية", "مطبعة", "مقاولة"]
ORG_CORES_AR = ["الخير", "النور", "السلام", "الأمان", "البركة", "الفتح", "الوفاق", "الأطلس"]
ORG_KINDS_FR = ["Société", "Pharmacie", "Boulangerie", "Épicerie", "Garage", "Imprimerie"]
ORG_CORES_FR = ["Atlas", "Al Baraka", "Ennour", "Assalam", "Al Amane", "Essaada", "Menara"]
ORG_SUFFIXES = ["", "", " SARL", " SARL AU", " & Fils"]

SKILLS = [
    "طبخ", "Logistique", "Informatique", "Premiers secours", "تنشيط الأطفال", "Photographie",
    "Traduction", "Conduite", "Comptabilité", "خياطة", "Réseaux sociaux", "Soutien scolaire",
    "تمريض", "Accueil",
]  # fmt: skip
ROLES = ["تنسيق", "Coordination", "Logistique", "Accueil", "Animation", "Photographie",
         "Cuisine", "Chauffeur", "توزيع", "Secourisme"]  # fmt: skip
# (category, weight, yearly dues in MAD or None); founders are the earliest members.
CATEGORIES = [("Actif", 50, 100), ("عضو نشيط", 22, 100), ("Bienfaiteur", 12, 500),
              ("Honoraire", 6, None)]  # fmt: skip
FOUNDER_CATEGORY = ("Fondateur", 100)

# Feasts move eleven days a year; campaigns follow them.
RAMADAN = {2024: date(2024, 3, 11), 2025: date(2025, 3, 1), 2026: date(2026, 2, 18)}
EID_ADHA = {2024: date(2024, 6, 16), 2025: date(2025, 6, 6), 2026: date(2026, 5, 27)}
# theme → (name, goal in MAD, description)
CAMPAIGN_THEMES = {
    "ramadan": ("قفة رمضان {year}", 150_000, "قفف غذائية للأسر المعوزة خلال شهر رمضان."),
    "school": ("Rentrée scolaire {year}", 60_000, "Cartables et fournitures pour les élèves."),
    "winter": ("Hiver chaud {year}", 50_000, "Couvertures et vêtements chauds pour le froid."),
    "eid": ("أضحية العيد {year}", 80_000, "أضاحي العيد للأسر التي لا تستطيع شراءها."),
    "medical": ("Caravane médicale {year}", 40_000, "Consultations gratuites dans les douars."),
}
# The five campaigns of the small demo, in this order; the large one takes every theme × year.
FIRST_CAMPAIGNS = [("ramadan", 2026), ("school", 2026), ("winter", 2025), ("eid", 2025),
                   ("medical", 2024)]  # fmt: skip

# (type, title, description, beneficiary groups, hashtags, campaign theme, place or "")
ACTIVITIES = [
    ("food_baskets", "توزيع القفف الرمضانية", "توزيع قفف غذائية على الأسر المعوزة بالحي.",
     ("families",), "#رمضان #قفة_رمضان", "ramadan", ""),
    ("food_baskets", "Distribution de paniers alimentaires",
     "Denrées de base pour les familles suivies par l'association.",
     ("families", "elderly"), "#solidarité", "ramadan", ""),
    ("food_baskets", "توزيع أضاحي العيد", "أضاحي للأسر المسجلة لدى الجمعية.",
     ("families",), "#عيد_الأضحى", "eid", ""),
    ("school_kits", "Distribution de kits scolaires",
     "Cartables, cahiers et stylos pour les élèves du primaire.",
     ("children",), "#rentrée_scolaire", "school", "École primaire Ibn Khaldoun"),
    ("school_kits", "توزيع المحافظ واللوازم المدرسية", "محافظ ولوازم مدرسية لتلاميذ الابتدائي.",
     ("children",), "#الدخول_المدرسي", "school", ""),
    ("health", "Caravane médicale", "Généraliste, ophtalmologue et dentiste bénévoles.",
     ("families", "elderly", "children"), "#santé", "medical", "Douar Ouled Saleh, Médiouna"),
    ("health", "حملة الكشف المبكر عن داء السكري", "قياس نسبة السكر والضغط مجانا.",
     ("elderly", "women"), "#صحة", "", "مستوصف حي السلام"),
    ("other", "Distribution de couvertures et vêtements d'hiver", "Pour les familles des douars.",
     ("families", "children", "elderly"), "#hiver_chaud", "winter", ""),
    ("training", "Journée de formation : gestion associative",
     "Comptabilité simple, rapports d'activité et demandes de subvention.",
     ("other",), "#formation", "", ""),
    ("training", "دورة تكوينية في الإسعافات الأولية", "بشراكة مع الهلال الأحمر.",
     ("other",), "#تكوين", "", ""),
    ("training", "Atelier informatique pour les femmes", "Initiation au smartphone et à Internet.",
     ("women",), "#autonomisation", "", ""),
    ("awareness", "حملة تحسيسية حول السلامة الطرقية", "لفائدة تلاميذ المدارس الابتدائية.",
     ("children",), "#توعية", "", ""),
    ("awareness", "Sensibilisation au tri des déchets", "Ateliers pour les enfants et les parents.",
     ("children", "families"), "#environnement", "", ""),
    ("clean_up", "Nettoyage de la plage Aïn Diab", "Ramassage des déchets avec les jeunes.",
     (), "#plage_propre", "", "Plage Aïn Diab"),
    ("clean_up", "حملة تنظيف وتشجير الحي", "تنظيف الأزقة وغرس الأشجار.", (), "#بيئة", "", ""),
    ("cultural", "Fête de fin d'année des enfants", "Spectacle, goûter et remise de prix.",
     ("children",), "#enfance", "", ""),
    ("cultural", "أمسية رمضانية للأطفال", "مسابقات وأناشيد وتوزيع هدايا.",
     ("children",), "#رمضان", "ramadan", ""),
    ("cultural", "Sortie à la mer pour enfants en situation de handicap", "",
     ("disabilities", "children"), "#inclusion", "", "Plage de Mohammedia"),
    ("meeting", "Assemblée générale annuelle", "Rapport moral et financier, élection du bureau.",
     (), "", "", "Siège de l'association, Hay Mohammadi"),
    ("meeting", "اجتماع المكتب المسير", "", (), "", "", "مقر الجمعية، الحي المحمدي"),
]  # fmt: skip
PLACES = [
    "Siège de l'association, Hay Mohammadi",
    "مقر الجمعية، الحي المحمدي",
    "دار الشباب سيدي مومن",
    "Salle polyvalente de la commune",
    "المركب الثقافي مولاي رشيد",
    "École primaire Ibn Khaldoun",
    "Douar Ouled Saleh, Médiouna",
]

# (description, estimated value in MAD)
IN_KIND = [
    ("50 قفة غذائية", 17_500), ("Fournitures scolaires", 4_500), ("20 couvertures", 2_400),
    ("أدوية ومستلزمات طبية", 3_000), ("Vêtements d'hiver", 1_500),
    ("10 أكياس دقيق 25 كلغ", 2_500), ("Ordinateur portable reconditionné", 3_500),
    ("كتب وقصص للأطفال", 800),
]  # fmt: skip
# Amounts in major units, by who gives and in which currency.
AMOUNTS = {
    ("person", "MAD"): [50, 100, 100, 150, 200, 200, 300, 500, 500, 1000, 2000, 5000],
    ("organization", "MAD"): [2000, 3000, 5000, 5000, 10_000, 20_000, 50_000],
    ("person", "DZD"): [500, 1000, 1000, 2000, 3000, 5000, 10_000],
    ("organization", "DZD"): [20_000, 50_000, 100_000],
}
DZD_PER_MAD = 13  # for in-kind estimates given in Algeria; close enough for a demo
VOID_REASONS = ["Chèque sans provision", "Saisie en double", "خطأ في المبلغ",
                "Don enregistré sur le mauvais donateur"]  # fmt: skip
DONATION_NOTES = ["صدقة جارية", "À affecter aux orphelins", "Reçu remis en main propre",
                  "في ذكرى الوالدين رحمهما الله"]  # fmt: skip
