"""Amounts in words, written out by hand from Arabic, French and English grammar.

Each row: the amount in main units (as typed), the currency, then the Arabic, French and English
texts. None of them was copied from ``amount_in_words``'s output. Every currency the app offers
(``ui/widgets/fields.py``'s ``COMMON_CURRENCIES``) has rows.

The Arabic rules, as ``amount_words`` states them (the comments below name the one a row tests):
  [1-2]    1 and 2 are said by the noun: "درهم واحد", "درهمان".
  [3-10]   genitive plural, number of the opposite gender: "ثلاثة دراهم", "ثلاث ليرات".
  [11-99]  accusative singular: "خمسة عشر درهمًا", "إحدى عشرة ليرةً".
  [100+]   genitive singular after 100, 1000 and their multiples: "مائة درهم".
  [idafa]  a dual or accusative number word before its noun drops its ن or tanween, after «و»
           too: "مائتا درهم", "ألف ومائتا درهم", "ألفا درهم", "أحد عشر ألف درهم".
  [x01]    1 or 2 after something larger is the noun itself, the larger part closed with its
           noun: "مائة درهم ودرهم واحد", "مائة ألف وألفا درهم" (never "مائة واثنان ألف").
French: traditional spelling (before the 1990 reform); "de" after a round million.
English: British "and" after hundred, as num2words writes it.
"""

from __future__ import annotations

CASES: tuple[tuple[str, str, str, str, str], ...] = (
    # --- MAD: the list the issue asks for -------------------------------------------------------
    ("0", "MAD", "صفر درهم", "zéro dirham", "zero dirhams"),
    ("1", "MAD", "درهم واحد", "un dirham", "one dirham"),  # [1-2]
    ("2", "MAD", "درهمان", "deux dirhams", "two dirhams"),  # [1-2]: the dual alone
    ("3", "MAD", "ثلاثة دراهم", "trois dirhams", "three dirhams"),  # [3-10]
    ("10", "MAD", "عشرة دراهم", "dix dirhams", "ten dirhams"),  # [3-10]
    ("11", "MAD", "أحد عشر درهمًا", "onze dirhams", "eleven dirhams"),  # [11-99]
    ("12", "MAD", "اثنا عشر درهمًا", "douze dirhams", "twelve dirhams"),  # [11-99]
    ("19", "MAD", "تسعة عشر درهمًا", "dix-neuf dirhams", "nineteen dirhams"),
    ("20", "MAD", "عشرون درهمًا", "vingt dirhams", "twenty dirhams"),
    ("21", "MAD", "واحد وعشرون درهمًا", "vingt et un dirhams", "twenty-one dirhams"),
    ("80", "MAD", "ثمانون درهمًا", "quatre-vingts dirhams", "eighty dirhams"),
    ("81", "MAD", "واحد وثمانون درهمًا", "quatre-vingt-un dirhams", "eighty-one dirhams"),
    ("99", "MAD", "تسعة وتسعون درهمًا", "quatre-vingt-dix-neuf dirhams", "ninety-nine dirhams"),
    ("100", "MAD", "مائة درهم", "cent dirhams", "one hundred dirhams"),  # [100+]
    # [x01]: not "مائة وواحد درهم".
    ("101", "MAD", "مائة درهم ودرهم واحد", "cent un dirhams", "one hundred and one dirhams"),
    ("102", "MAD", "مائة درهم ودرهمان", "cent deux dirhams", "one hundred and two dirhams"),
    # 110 and 111: the noun follows the last component, 10 and 11.
    ("110", "MAD", "مائة وعشرة دراهم", "cent dix dirhams", "one hundred and ten dirhams"),
    ("111", "MAD", "مائة وأحد عشر درهمًا", "cent onze dirhams", "one hundred and eleven dirhams"),
    ("200", "MAD", "مائتا درهم", "deux cents dirhams", "two hundred dirhams"),  # [idafa]
    (
        "201",
        "MAD",
        "مائتا درهم ودرهم واحد",  # [idafa] then [x01]
        "deux cent un dirhams",  # "cents" loses its s when a number follows
        "two hundred and one dirhams",
    ),
    ("300", "MAD", "ثلاثمائة درهم", "trois cents dirhams", "three hundred dirhams"),
    (
        "999",
        "MAD",
        "تسعمائة وتسعة وتسعون درهمًا",
        "neuf cent quatre-vingt-dix-neuf dirhams",
        "nine hundred and ninety-nine dirhams",
    ),
    ("1000", "MAD", "ألف درهم", "mille dirhams", "one thousand dirhams"),
    ("1001", "MAD", "ألف درهم ودرهم واحد", "mille un dirhams", "one thousand and one dirhams"),
    ("1002", "MAD", "ألف درهم ودرهمان", "mille deux dirhams", "one thousand and two dirhams"),
    # [idafa] after «و»: not "ألف ومائتان درهم".
    (
        "1200",
        "MAD",
        "ألف ومائتا درهم",
        "mille deux cents dirhams",
        "one thousand two hundred dirhams",
    ),
    ("2000", "MAD", "ألفا درهم", "deux mille dirhams", "two thousand dirhams"),  # [idafa]
    (
        "2200",
        "MAD",
        "ألفان ومائتا درهم",  # ألفان keeps its ن before «و», مائتا loses it before درهم
        "deux mille deux cents dirhams",
        "two thousand two hundred dirhams",
    ),
    ("3000", "MAD", "ثلاثة آلاف درهم", "trois mille dirhams", "three thousand dirhams"),
    (
        "5200",
        "MAD",
        "خمسة آلاف ومائتا درهم",
        "cinq mille deux cents dirhams",
        "five thousand two hundred dirhams",
    ),
    ("10000", "MAD", "عشرة آلاف درهم", "dix mille dirhams", "ten thousand dirhams"),
    # [idafa]: the accusative ألفًا loses its tanween before درهم.
    ("11000", "MAD", "أحد عشر ألف درهم", "onze mille dirhams", "eleven thousand dirhams"),
    ("80000", "MAD", "ثمانون ألف درهم", "quatre-vingt mille dirhams", "eighty thousand dirhams"),
    ("100000", "MAD", "مائة ألف درهم", "cent mille dirhams", "one hundred thousand dirhams"),
    # [x01] one level up: 100 thousand and a thousand.
    (
        "101000",
        "MAD",
        "مائة ألف وألف درهم",
        "cent un mille dirhams",
        "one hundred and one thousand dirhams",
    ),
    # [x01] + [idafa]: not "مائة واثنان ألف درهم".
    (
        "102000",
        "MAD",
        "مائة ألف وألفا درهم",
        "cent deux mille dirhams",
        "one hundred and two thousand dirhams",
    ),
    (
        "103000",
        "MAD",
        "مائة وثلاثة آلاف درهم",
        "cent trois mille dirhams",
        "one hundred and three thousand dirhams",
    ),
    (
        "111000",
        "MAD",
        "مائة وأحد عشر ألف درهم",
        "cent onze mille dirhams",
        "one hundred and eleven thousand dirhams",
    ),
    (
        "200200",
        "MAD",
        "مائتا ألف ومائتا درهم",  # [idafa] twice
        "deux cent mille deux cents dirhams",  # "cent" before "mille" takes no s
        "two hundred thousand two hundred dirhams",
    ),
    (
        "999999",
        "MAD",
        "تسعمائة وتسعة وتسعون ألفًا وتسعمائة وتسعة وتسعون درهمًا",  # ألفًا keeps its tanween
        "neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf dirhams",
        "nine hundred and ninety-nine thousand nine hundred and ninety-nine dirhams",
    ),
    ("1000000", "MAD", "مليون درهم", "un million de dirhams", "one million dirhams"),
    (
        "1002000",
        "MAD",
        "مليون وألفا درهم",  # [idafa] after «و»
        "un million deux mille dirhams",
        "one million two thousand dirhams",
    ),
    ("2000000", "MAD", "مليونا درهم", "deux millions de dirhams", "two million dirhams"),
    (
        "2001000",
        "MAD",
        "مليونان وألف درهم",
        "deux millions mille dirhams",  # not round: no "de"
        "two million one thousand dirhams",
    ),
    (
        "123456789",
        "MAD",
        "مائة وثلاثة وعشرون مليونًا وأربعمائة وستة وخمسون ألفًا وسبعمائة وتسعة وثمانون درهمًا",
        "cent vingt-trois millions quatre cent cinquante-six mille sept cent quatre-vingt-neuf"
        " dirhams",
        "one hundred and twenty-three million four hundred and fifty-six thousand seven hundred"
        " and eighty-nine dirhams",
    ),
    ("1000000000", "MAD", "مليار درهم", "un milliard de dirhams", "one billion dirhams"),
    # Cents.
    ("0.50", "MAD", "خمسون سنتيمًا", "cinquante centimes", "fifty centimes"),
    (
        "1200.75",
        "MAD",
        "ألف ومائتا درهم وخمسة وسبعون سنتيمًا",
        "mille deux cents dirhams et soixante-quinze centimes",
        "one thousand two hundred dirhams and seventy-five centimes",
    ),
    (
        "1200.50",
        "MAD",
        "ألف ومائتا درهم وخمسون سنتيمًا",
        "mille deux cents dirhams et cinquante centimes",
        "one thousand two hundred dirhams and fifty centimes",
    ),
    (
        "2.01",
        "MAD",
        "درهمان وسنتيم واحد",
        "deux dirhams et un centime",
        "two dirhams and one centime",
    ),
    # --- DZD ----------------------------------------------------------------------------------
    ("8", "DZD", "ثمانية دنانير", "huit dinars", "eight dinars"),
    ("71", "DZD", "واحد وسبعون دينارًا", "soixante et onze dinars", "seventy-one dinars"),
    (
        "2200",
        "DZD",
        "ألفان ومائتا دينار",
        "deux mille deux cents dinars",
        "two thousand two hundred dinars",
    ),
    (
        "250000",
        "DZD",
        "مائتان وخمسون ألف دينار",  # مائتان keeps its ن before «و»
        "deux cent cinquante mille dinars",
        "two hundred and fifty thousand dinars",
    ),
    ("3000000", "DZD", "ثلاثة ملايين دينار", "trois millions de dinars", "three million dinars"),
    ("0.02", "DZD", "سنتيمان", "deux centimes", "two centimes"),
    # --- TND: 1000 millimes -------------------------------------------------------------------
    (
        "1.005",
        "TND",
        "دينار واحد وخمسة مليمات",
        "un dinar et cinq millimes",
        "one dinar and five millimes",
    ),
    ("0.500", "TND", "خمسمائة مليم", "cinq cents millimes", "five hundred millimes"),
    (
        "2000.250",
        "TND",
        "ألفا دينار ومائتان وخمسون مليمًا",
        "deux mille dinars et deux cent cinquante millimes",
        "two thousand dinars and two hundred and fifty millimes",
    ),
    ("0.101", "TND", "مائة مليم ومليم واحد", "cent un millimes", "one hundred and one millimes"),
    # --- EGP: livre and piastre are feminine in French ------------------------------------------
    ("1", "EGP", "جنيه واحد", "une livre égyptienne", "one Egyptian pound"),
    (
        "21",
        "EGP",
        "واحد وعشرون جنيهًا",
        "vingt et une livres égyptiennes",
        "twenty-one Egyptian pounds",
    ),
    (
        "300",
        "EGP",
        "ثلاثمائة جنيه",
        "trois cents livres égyptiennes",
        "three hundred Egyptian pounds",
    ),
    (
        "5.25",
        "EGP",
        "خمسة جنيهات وخمسة وعشرون قرشًا",
        "cinq livres égyptiennes et vingt-cinq piastres",
        "five Egyptian pounds and twenty-five piastres",
    ),
    ("0.01", "EGP", "قرش واحد", "une piastre", "one piastre"),
    (
        "1000000",
        "EGP",
        "مليون جنيه",
        "un million de livres égyptiennes",
        "one million Egyptian pounds",
    ),
    (
        "11000000",
        "EGP",
        "أحد عشر مليون جنيه",  # [idafa]: مليونًا loses its tanween
        "onze millions de livres égyptiennes",
        "eleven million Egyptian pounds",
    ),
    # --- SAR: هللة is feminine ---------------------------------------------------------------
    ("2", "SAR", "ريالان", "deux riyals", "two riyals"),
    ("0.03", "SAR", "ثلاث هللات", "trois halalas", "three halalas"),  # [3-10] opposite gender
    ("0.11", "SAR", "إحدى عشرة هللةً", "onze halalas", "eleven halalas"),
    ("0.18", "SAR", "ثماني عشرة هللةً", "dix-huit halalas", "eighteen halalas"),
    ("0.21", "SAR", "إحدى وعشرون هللةً", "vingt et une halalas", "twenty-one halalas"),
    ("0.28", "SAR", "ثمانٍ وعشرون هللةً", "vingt-huit halalas", "twenty-eight halalas"),
    (
        "1.01",
        "SAR",
        "ريال واحد وهللة واحدة",
        "un riyal et une halala",
        "one riyal and one halala",
    ),
    ("10000", "SAR", "عشرة آلاف ريال", "dix mille riyals", "ten thousand riyals"),
    (
        "1000002",
        "SAR",
        "مليون ريال وريالان",  # [x01] after a million
        "un million deux riyals",
        "one million and two riyals",
    ),
    # --- AED: 100 fils ------------------------------------------------------------------------
    ("102", "AED", "مائة درهم ودرهمان", "cent deux dirhams", "one hundred and two dirhams"),
    ("0.75", "AED", "خمسة وسبعون فلسًا", "soixante-quinze fils", "seventy-five fils"),
    (
        "3.03",
        "AED",
        "ثلاثة دراهم وثلاثة فلوس",
        "trois dirhams et trois fils",
        "three dirhams and three fils",
    ),
    # --- QAR: 100 dirhams ---------------------------------------------------------------------
    ("1", "QAR", "ريال واحد", "un riyal", "one riyal"),
    ("200", "QAR", "مائتا ريال", "deux cents riyals", "two hundred riyals"),
    (
        "1500.50",
        "QAR",
        "ألف وخمسمائة ريال وخمسون درهمًا",
        "mille cinq cents riyals et cinquante dirhams",
        "one thousand five hundred riyals and fifty dirhams",
    ),
    # --- KWD, JOD: 1000 fils ------------------------------------------------------------------
    ("2", "KWD", "ديناران", "deux dinars", "two dinars"),
    ("0.010", "KWD", "عشرة فلوس", "dix fils", "ten fils"),
    (
        "12.500",
        "KWD",
        "اثنا عشر دينارًا وخمسمائة فلس",
        "douze dinars et cinq cents fils",
        "twelve dinars and five hundred fils",
    ),
    (
        "100.001",
        "JOD",
        "مائة دينار وفلس واحد",
        "cent dinars et un fils",
        "one hundred dinars and one fils",
    ),
    ("3000", "JOD", "ثلاثة آلاف دينار", "trois mille dinars", "three thousand dinars"),
    # --- LBP: ليرة is feminine; no decimals ---------------------------------------------------
    ("1", "LBP", "ليرة واحدة", "une livre libanaise", "one Lebanese pound"),
    ("3", "LBP", "ثلاث ليرات", "trois livres libanaises", "three Lebanese pounds"),
    ("11", "LBP", "إحدى عشرة ليرةً", "onze livres libanaises", "eleven Lebanese pounds"),
    (
        "201",
        "LBP",
        "مائتا ليرة وليرة واحدة",
        "deux cent une livres libanaises",
        "two hundred and one Lebanese pounds",
    ),
    (
        "1500000",
        "LBP",
        "مليون وخمسمائة ألف ليرة",
        "un million cinq cent mille livres libanaises",
        "one million five hundred thousand Lebanese pounds",
    ),
    (
        "2000000",
        "LBP",
        "مليونا ليرة",
        "deux millions de livres libanaises",
        "two million Lebanese pounds",
    ),
    # --- MRU: أوقية is feminine; the khoums (a fifth) has no hundredth: digits -----------------
    ("1", "MRU", "أوقية واحدة", "une ouguiya", "one ouguiya"),
    ("2", "MRU", "أوقيتان", "deux ouguiyas", "two ouguiyas"),
    ("8", "MRU", "ثماني أوقيات", "huit ouguiyas", "eight ouguiyas"),
    (
        "1000.50",
        "MRU",
        "ألف أوقية و50/100",
        "mille ouguiyas et 50/100",
        "one thousand ouguiyas and 50/100",
    ),
    # --- XOF: no decimals; the adjective agrees ("فرنكات إفريقية") ---------------------------
    ("2", "XOF", "فرنكان إفريقيان", "deux francs CFA", "two CFA francs"),
    ("5", "XOF", "خمسة فرنكات إفريقية", "cinq francs CFA", "five CFA francs"),
    ("15", "XOF", "خمسة عشر فرنكًا إفريقيًا", "quinze francs CFA", "fifteen CFA francs"),
    (
        "2500",
        "XOF",
        "ألفان وخمسمائة فرنك إفريقي",
        "deux mille cinq cents francs CFA",
        "two thousand five hundred CFA francs",
    ),
    ("1000000", "XOF", "مليون فرنك إفريقي", "un million de francs CFA", "one million CFA francs"),
    # --- EUR: يورو does not decline ------------------------------------------------------------
    ("2", "EUR", "يوروان", "deux euros", "two euros"),
    ("3", "EUR", "ثلاثة يورو", "trois euros", "three euros"),
    ("80", "EUR", "ثمانون يورو", "quatre-vingts euros", "eighty euros"),
    (
        "1.50",
        "EUR",
        "يورو واحد وخمسون سنتًا",
        "un euro et cinquante centimes",
        "one euro and fifty cents",
    ),
    ("1000000", "EUR", "مليون يورو", "un million d'euros", "one million euros"),
    (
        "200000000",
        "EUR",
        "مائتا مليون يورو",
        "deux cents millions d'euros",  # "cents" keeps its s before the noun "millions"
        "two hundred million euros",
    ),
    # --- USD ---------------------------------------------------------------------------------
    ("1001", "USD", "ألف دولار ودولار واحد", "mille un dollars", "one thousand and one dollars"),
    ("0.99", "USD", "تسعة وتسعون سنتًا", "quatre-vingt-dix-neuf cents", "ninety-nine cents"),
    (
        "2000000000",
        "USD",
        "مليارا دولار",  # [idafa]
        "deux milliards de dollars",
        "two billion dollars",
    ),
    # --- GBP: the adjective agrees in every form --------------------------------------------------
    ("1", "GBP", "جنيه إسترليني واحد", "une livre sterling", "one pound sterling"),
    ("2", "GBP", "جنيهان إسترلينيان", "deux livres sterling", "two pounds sterling"),
    ("4", "GBP", "أربعة جنيهات إسترلينية", "quatre livres sterling", "four pounds sterling"),
    (
        "12.01",
        "GBP",
        "اثنا عشر جنيهًا إسترلينيًا وبنس واحد",
        "douze livres sterling et un penny",
        "twelve pounds sterling and one penny",
    ),
    (
        "100.50",
        "GBP",
        "مائة جنيه إسترليني وخمسون بنسًا",
        "cent livres sterling et cinquante pence",
        "one hundred pounds sterling and fifty pence",
    ),
    # --- CAD ---------------------------------------------------------------------------------
    ("2", "CAD", "دولاران كنديان", "deux dollars canadiens", "two Canadian dollars"),
    ("7", "CAD", "سبعة دولارات كندية", "sept dollars canadiens", "seven Canadian dollars"),
    (
        "25.05",
        "CAD",
        "خمسة وعشرون دولارًا كنديًا وخمسة سنتات",
        "vingt-cinq dollars canadiens et cinq cents",
        "twenty-five Canadian dollars and five cents",
    ),
    ("1000", "CAD", "ألف دولار كندي", "mille dollars canadiens", "one thousand Canadian dollars"),
)
