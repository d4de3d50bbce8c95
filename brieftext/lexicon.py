"""The words the sentence and speaker rules know: abbreviations, speech verbs, titles, particles.

Plain Python, no Django. Lists, not rules: `sentences.py` and `speakers.py` say how
each is used. Capitalised entries are compared as written; lowercase ones with the
word lowered.
"""

# A full stop after these does not end a sentence (compared lowercased, without the dot).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms mx dr prof gen lt col maj capt cmdr adm sgt sen rep gov pres supt insp
    rev fr st sr jr hon amb messrs esq
    jan feb mar apr jun jul aug sep sept oct nov dec
    inc ltd co corp plc bros dept univ assn est approx vs etc al fig no nos vol pp
    """.split()
)
# Finite speech verbs: `Cohen said`, `said Cohen`.
FINITE_VERBS = frozenset(
    """
    said says say told tells added adds stressed stresses noted warned warns urged urges
    insisted insists argued argues explained explains declared declares announced announces
    stated wrote writes tweeted posted replied replies responded remarked reiterated
    reiterates reaffirmed reaffirms affirmed called described describes acknowledged
    admitted conceded claimed confirmed confirms emphasised emphasized emphasises emphasizes
    cautioned promised vowed pledged commented observed recalled suggested predicted spoke
    asked answered countered joked quipped laughed welcomed boasted complained lamented
    testified shouted texted emailed mused sighed fumed snapped exclaimed pleaded accused
    """.split()
)

PARTICIPLES = frozenset(
    """
    saying adding stressing noting warning urging insisting arguing explaining declaring
    announcing stating writing replying responding remarking reiterating reaffirming
    affirming calling describing acknowledging admitting conceding claiming confirming
    emphasising emphasizing cautioning promising vowing pledging commenting recalling
    suggesting predicting speaking telling joking quipping welcoming complaining accusing
    """.split()
)
SPEECH_VERBS = FINITE_VERBS | PARTICIPLES
# Speech verbs only when a quote is their object: “welcomed the “decisive steps””, not
# “welcomed Blinken to Israel”; “accused Ana Ruiz of “moving the goalposts””, not “accused of fraud”.
QUOTE_OBJECT_VERBS = frozenset("welcomed welcoming accused accusing".split())
# Verbs that may come before their subject: “…,” said Cohen. (In “told Cohen”, Cohen is the listener.)
INVERTIBLE_VERBS = frozenset(
    """
    said says added adds wrote writes noted explained replied insisted asked joked quipped warned
    recalled laughed admitted conceded fumed snapped exclaimed
    """.split()
)
# Words that may stand between a subject and its verb: “Blinken also said”, “Cohen on Monday said”.
BETWEEN_SUBJECT_AND_VERB = frozenset(
    """
    also later then again further previously repeatedly reportedly once has had have was is
    were would will both separately publicly privately earlier recently already subsequently
    openly flatly simply firmly on last this today yesterday week month night morning evening
    afternoon monday tuesday wednesday thursday friday saturday sunday quoted as
    """.split()
)
# After “, said”: words that start the rest of the sentence, not a subject (“…, said on Monday”).
NOT_SUBJECTS = frozenset(
    """
    that it this the a an on in at to after before during when while as with by for of and but or
    yesterday today later earlier again also then so he she they we
    """.split()
)
PRONOUNS = frozenset({"he", "she"})
CONJUNCTIONS = frozenset({"and", "but", "or", "then"})
CLAUSE_OPENERS = frozenset({"and", "but", "or", "while", "whereas", "although", "though"})
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her"})
CLAUSE_BREAKS = frozenset(",;:—–-")

HONORIFICS = frozenset("Mr. Mrs. Ms. Mx. Dr. Prof. Mr Mrs Ms Mx Dr Prof Sir Dame".split())
TITLE_WORDS = frozenset(
    """
    President Minister Secretary Secretary-General Director-General Chancellor Senator Sen.
    Representative Rep. Governor Gov. Mayor General Gen. Admiral Adm. Ambassador Envoy
    Spokesperson Spokesman Spokeswoman King Queen Prince Princess Emir Pope Premier Justice
    Judge Commissioner Chair Chairman Chairwoman Director Chief Executive Speaker Adviser
    Advisor Leader Colonel Col. Captain Capt. Lieutenant Lt. Sergeant Sgt. Constable
    Inspector Superintendent Detective Officer Professor Bishop Archbishop Rabbi Imam
    Councillor Councilor Alderman Treasurer Coach Manager Head Novelist Author Writer Poet
    Artist Actor Actress Singer Economist Historian Scientist Researcher Analyst Lawyer
    Attorney Founder Investor Negotiator Librarian Engineer Curator
    Striker Forward Midfielder Defender Goalkeeper Keeper Skipper Player Athlete Rider Cyclist
    Runner Sprinter Swimmer Boxer Climber Forecaster Meteorologist Prosecutor Barrister Solicitor
    Defendant Witness Surgeon Doctor Nurse Midwife Paramedic Pharmacist Physician Epidemiologist
    Virologist Astronomer Geologist Biologist Physicist Chemist Investigator Co-investigator
    Passenger Resident Driver Pilot Firefighter Farmer Fisherman Trader Shopkeeper Owner Chef
    Architect Designer Producer Composer Conductor Musician Dancer Photographer Journalist Reporter
    Editor Correspondent Broadcaster Presenter Commentator Activist Campaigner Organiser Organizer
    Volunteer Student Teacher Headteacher Headmistress Headmaster Principal Strategist Broker Banker
    Accountant Auditor Vice-Chancellor Vice-chancellor Rector Dean Lecturer Economist Planner
    Ranger Warden Steward Landlord Tenant Nun Priest Pastor Vicar Filmmaker Director-General
    Winger Referee Umpire Jockey Trainer Golfer Skier Sailor Rower Cricketer Batsman Bowler
    Quarterback Chairperson Magistrate Coroner Juror Claimant Plaintiff Complainant Survivor
    Pensioner Patient Carer Caregiver Commuter Tourist Visitor Shopper Worker Miner Mechanic
    Electrician Entrepreneur Businessman Businesswoman Vice-President CEO CFO COO Ceo
    Sheriff Regent Guitarist Bassist Drummer Vocalist Pianist Violinist Angler
    Cllr Det Det. Insp Insp. Sgt Supt Supt.
    """.split()
)
TITLE_MODIFIERS = frozenset(
    """
    Prime Vice Deputy Foreign Defence Defense Finance Interior Home Treasury Crown National
    Security High Opposition Health Trade Energy Economy Education Justice Culture Transport
    Transportation Environment Agriculture Labour Labor Acting Interim Former Outgoing Incoming
    Executive Chief Senior Special Assistant Attorney Police Fire Supreme Grand Majority
    Minority Party Army Military Press Communications Managing Head Lord Lady Principal
    Associate Regional State County City Union
    """.split()
)
# What may follow “Secretary of”, “Minister of”, “Chief of”…
TITLE_COMPLEMENTS = (
    ("State",),
    ("Defense",),
    ("Defence",),
    ("Staff",),
    ("Health",),
    ("Energy",),
    ("Commerce",),
    ("Education",),
    ("Agriculture",),
    ("Justice",),
    ("Finance",),
    ("Trade",),
    ("Labor",),
    ("Transportation",),
    ("Foreign", "Affairs"),
    ("Homeland", "Security"),
    ("the", "Treasury"),
    ("the", "Interior"),
)
PARTICLES = frozenset(
    "da de do dos das di del della van von der den ter ten du la le bin ibn al el y".split()
)
# Capitalised words that open sentences or name groups, never a person.
NOT_NAMES = frozenset(
    """
    The A An In On At As But And Or So For From To By With Of After Before During When While If
    Then Meanwhile However Also Later Earlier Today Yesterday Tomorrow Last Next This That These
    Those His Her Their Its Our My He She They It We I You There Here Speaking Asked According
    Another Other Others One
    Both Each Some Many Most All Several Despite Although Though Since Until Under Over About
    Around Among Between Following Amid Not No Yes Once Now Still Even Only Such What Who Why How
    Officials Police Critics Residents Protesters Analysts Experts Witnesses Observers Sources
    Diplomats Organisers Organizers Activists Workers Leaders Members Parents Students Teachers
    Doctors Scientists Researchers Volunteers Staff Fans Voters Lawmakers Ministers Delegates
    Firefighters Paramedics Nurses Rescuers Forecasters Engineers Investigators Prosecutors
    Campaigners Passengers Commuters Shoppers Visitors Locals Neighbours Neighbors Councillors
    Economists Traders Investors Farmers Fishermen Drivers Pilots Opponents Supporters Authorities
    Regulators Inspectors Managers Owners Landlords Tenants Pupils Graduates Players Athletes
    Organisers Spokespeople Negotiators Bankers Brokers Unions Insiders Scholars Historians
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
    July August September October November December Jan. Feb. Aug. Sept. Oct. Nov. Dec.
    """.split()
)
INSTITUTION_WORDS = frozenset(
    """
    Department Ministry Office House Government Council Commission Agency Army Forces Force Police
    Party Union Nations States Kingdom Republic Committee Court Bank Fund Organization Organisation
    Authority Administration Embassy Parliament Congress Senate Cabinet Kremlin Pentagon Institute
    University College School Hospital Group Company Corporation Inc. Ltd News Times Post Press
    Service Services Association Federation League Club Board Bureau Centre Center Foundation City
    County Province Region Street Square Airport Port Harbour Harbor Station Museum Library Network
    Team Alliance Coalition Front Movement Church Mosque Temple Assembly Tribunal Trust Forum
    Capital Foods Securities Observatory Holdings Partners Airlines Airways Motors Systems
    Technologies Labs Laboratory Media Radio Rádio Television TV FM Studios Records Insurance
    Logistics Industries International Ventures Herald Courier Gazette Tribune Observer Journal
    Chronicle Brewery Hotel Festival Railways Railway Transit Council Watch Society Institute
    Academy Orchestra Theatre Theater Gallery Zoo Clinic Prison Police Brigade Guard Coastguard
    Energy Gas Oil Mining Solutions Pharmaceuticals Pharma Biotech Telecom Telecoms Utilities
    Electric Steel Chemicals Construction Developments Properties Homes Estates Associates
    Consulting Bakery Farms Dairy Supermarkets Stores United Athletic Rovers Wanderers Rangers
    Albion Hotspur Sporting Real Water Institut Instituto Istituto Universidad Université
    Universität Universidade Live
    """.split()
)
# Lowercase nouns for organisations: a name right after one is an organisation's (“the patients'
# group Care Watch”, “the contractor Obras Meseta”), not a person's.
ORGANISATION_NOUNS = frozenset(
    """
    group union company firm club charity association organisation organization party campaign
    contractor operator broker brokerage bank insurer airline retailer developer agency council
    coalition alliance network society institute foundation trust broadcaster newspaper paper
    magazine website band team side studio publisher label brand maker manufacturer supplier
    provider chain lobby body watchdog regulator consultancy station outlet startup start-up
    carrier utility ministry department roaster brewer distillery
    """.split()
)
# Words that, like an article, open a description of someone unnamed: “one visitor said”.
QUANTIFIERS = frozenset("one another some several many two three four five few most each every".split())
ROLE_NOUNS = frozenset(
    """
    minister president secretary chancellor senator governor mayor general admiral ambassador
    envoy spokesperson spokesman spokeswoman king queen prince premier leader chief director
    chair chairman chairwoman commissioner judge coach manager professor founder executive
    negotiator librarian engineer curator constable striker forward midfielder defender
    goalkeeper keeper skipper captain forecaster meteorologist prosecutor barrister solicitor
    defendant surgeon doctor nurse paramedic investigator analyst economist researcher scientist
    professor lawyer attorney architect owner chef councillor superintendent inspector detective
    officer headteacher principal teacher rector dean
    """.split()
)
# Nouns of a written or spoken statement: “in a statement from X”, “according to a statement by X”.
STATEMENT_NOUNS = frozenset(
    """
    statement statements interview letter post message email release note speech video tweet
    remarks comments briefing memo
    """.split()
)
# Words that join a description of a speaker to what it says of them: “one visitor on the Pont
# Bonaparte”, “a councillor from the Ecologist group”. A name after them is not the speaker's.
PREPOSITIONS = frozenset("on in at from of for near with outside inside across by behind among".split())
# Words that end a description of a speaker when read forwards or backwards from its verb.
DESCRIPTION_STOPS = frozenset(
    """
    that who whom which whose when where while whereas as because if and but or although though
    after before since until yesterday today tonight earlier later then also again
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december morning afternoon evening night week
    weekend month year
    """.split()
)
# Words no person's name holds: places, parties, groups, teams. A run with one of them is never
# taken for a new person (docs/attribution.md, "Sure names").
NOT_PERSON_WORDS = frozenset(
    """
    Pont Rue Avenue Boulevard Bridge Road Lane Park River Lake Mount Place Quai Plaza Piazza Via
    Bay Beach Island Islands Valley Hill Hills Gate Market Hall Stadium Arena Field Fields Gardens
    Cathedral Castle Tower Palace Canal Harbour Harbor Quay Wharf Avenue Strait Sea Ocean Coast
    North South East West Northern Southern Eastern Western Central Upper Lower Old New Saint
    Labour Conservative Conservatives Green Greens Liberal Liberals Democrat Democrats Democratic
    Republican Republicans Socialist Socialists Ecologist Ecologists Communist Communists Tory
    Tories Independent Independents Reform United Rovers Athletic Wanderers Rangers Reds Blues
    FC Ministry Council Group Party Club Team Side Squad Agency Company Department Office
    """.split()
)
