#!/usr/bin/env python3
"""Generate the data the crmenv benchmarks run on. Python 3 standard library only; seeded, so
the same arguments always give the same data.

Usage:
  make-data.py workspace DIR [--contacts 1000000] [--seed 20240611] [--crmenv PATH]
      `crmenv init --root DIR`, then fills LIVE (environments/live.sqlite) with N sales contacts
      (ids 1..N, as an ERP numbers them) and a few thousand customers, prospects, contact cross
      references, leads, opportunities, tasks, quotes and quote lines, and the eight dropdown
      lists. TEST stays empty (run `crmenv refresh --root DIR` to copy LIVE into it).

  make-data.py pair DIR [--changes 20000] [--seed 7]
      For a workspace whose TEST was refreshed from LIVE: applies about CHANGES row changes to
      TEST's sales contacts (40% updated in one or two cells, 30% deleted, 30% inserted with ids
      counting down from 8999999999999999 as crmenv's TEST allocates them) and about 1.5% as many
      to LIVE (drift: updates, deletes, inserts with ids above LIVE's largest; a few of the updates
      hit rows TEST also changed, some in the same column, which a three-way diff calls
      conflicts). Prints the expected two-way counts.

  make-data.py outlook FILE [--rows 100000] [--seed 99] [--duplicates 0.01]
                            [--exclude-from DATABASE]
      An Outlook contacts export (the full English header, every field quoted, CRLF line ends,
      some multi-line notes) of ROWS data rows; a DUPLICATES fraction of them repeat a person
      already in the file (as Outlook exports do after a phone sync), some with a field filled
      in or left out. Every other row is a distinct contact (by crmenv's match key: the
      lowercased primary e-mail, else first name, last name and company); with --exclude-from,
      also distinct from every sales contact in that database, so importing the file into a
      TEST refreshed from it only adds contacts.
"""

import argparse
import csv
import os
import random
import sqlite3
import subprocess
import sys
import time
import unicodedata

# ---------------------------------------------------------------------------------------------
# Vocabularies (from our compression benchmark's contact generator)
# ---------------------------------------------------------------------------------------------

SYLLABLES = (
    "al an ar as be bel ber bri ca car cel da dan del den di do dor el em en er fa fer fin ga "
    "gar gil ha han har hel her ia in is ja jo ka kar ke ki la lan lar le len li lin lo lu ma "
    "mar me mel mi min mo na nan ne ni no nor o ol or pa per pi ra ran re ri ro ros ru sa san "
    "se sel sha si so sta ste ta tan ter th tho ti to tor tra tri va van ve vi wa wil win ya "
    "yo za ze"
).split()

FIRST_COMMON = (
    "James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Nancy Daniel Lisa "
    "Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew "
    "Donna Joshua Michelle Kenneth Dorothy Kevin Carol Brian Amanda George Melissa Edward "
    "Deborah Ronald Stephanie Timothy Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob "
    "Kathleen Gary Amy Nicholas Shirley Eric Angela Jonathan Helen Stephen Anna Larry Brenda "
    "Justin Pamela Scott Nicole Brandon Emma Benjamin Samantha Samuel Katherine Gregory "
    "Christine Frank Debra Alexander Rachel Raymond Catherine Patrick Carolyn Jack Janet Dennis "
    "Ruth Jerry Maria Tyler Heather Aaron Diane Jose Virginia Adam Julie Henry Joyce Nathan "
    "Victoria Douglas Olivia Zachary Kelly Peter Christina Kyle Lauren Walter Joan Ethan Evelyn "
    "Jeremy Judith Harold Megan Keith Cheryl Christian Andrea Roger Hannah Noah Martha Gerald "
    "Jacqueline Carl Frances Terry Gloria Sean Ann Austin Teresa Arthur Kathryn Lawrence Sara "
    "Jesse Janice Dylan Jean Bryan Alice Joe Madison Jordan Doris Billy Abigail Bruce Julia "
    "Albert Judy Willie Grace Gabriel Denise Logan Amber Alan Marilyn Juan Beverly Wayne "
    "Danielle Roy Theresa Ralph Sophia Randy Marie Eugene Diana Vincent Brittany Russell "
    "Natalie Elijah Isabella Louis Charlotte Bobby Rose Philip Alexis Johnny Kayla Hans Ingrid "
    "Klaus Sabine Jürgen Petra Pierre Isabelle Jean-Luc Camille Giovanni Francesca Luca Chiara "
    "Hiroshi Yuki Kenji Akiko Wei Mei Li Jun Raj Priya Arjun Ananya Ahmed Fatima Omar Layla "
    "Carlos Lucía Miguel Sofia Pedro Ana Sven Astrid Lars Freya Piotr Agnieszka Dmitri Olga "
    "José Zoë Renée André"
).split()

LAST_COMMON = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White "
    "Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres "
    "Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts "
    "Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales "
    "Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos "
    "Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes "
    "Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry "
    "Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons "
    "Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West "
    "Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro "
    "Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry "
    "Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez "
    "Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd "
    "Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols "
    "Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce "
    "Müller Schneider Fischer Weber Becker Hoffmann Schulz Dubois Lefèvre Moreau Rossi Russo "
    "Ferrari Esposito Bianchi Tanaka Suzuki Takahashi Watanabe Wang Zhang Liu Yang Huang Singh "
    "Kumar Sharma Gupta Khan Ali Hassan Kowalski Nowak Ivanov Petrov Johansson Andersson "
    "Nilsson Larsen Hansen Jensen O'Brien Murphy Walsh Byrne Muñoz"
).split()

# city, state, country code, Outlook's country name
CITIES = [
    ("New York", "NY", "US"), ("Los Angeles", "CA", "US"), ("Chicago", "IL", "US"),
    ("Houston", "TX", "US"), ("Phoenix", "AZ", "US"), ("Philadelphia", "PA", "US"),
    ("San Antonio", "TX", "US"), ("San Diego", "CA", "US"), ("Dallas", "TX", "US"),
    ("San Jose", "CA", "US"), ("Austin", "TX", "US"), ("Jacksonville", "FL", "US"),
    ("Columbus", "OH", "US"), ("Charlotte", "NC", "US"), ("Indianapolis", "IN", "US"),
    ("Seattle", "WA", "US"), ("Denver", "CO", "US"), ("Boston", "MA", "US"),
    ("Nashville", "TN", "US"), ("Portland", "OR", "US"), ("Atlanta", "GA", "US"),
    ("Miami", "FL", "US"), ("Minneapolis", "MN", "US"), ("Pittsburgh", "PA", "US"),
    ("Toronto", "ON", "CA"), ("Vancouver", "BC", "CA"), ("Montréal", "QC", "CA"),
    ("London", None, "GB"), ("Manchester", None, "GB"), ("Edinburgh", None, "GB"),
    ("Berlin", None, "DE"), ("München", None, "DE"), ("Hamburg", None, "DE"),
    ("Paris", None, "FR"), ("Lyon", None, "FR"), ("Madrid", None, "ES"),
    ("Barcelona", None, "ES"), ("Milan", None, "IT"), ("Rome", None, "IT"),
    ("Amsterdam", None, "NL"), ("Stockholm", None, "SE"), ("Oslo", None, "NO"),
    ("Copenhagen", None, "DK"), ("Warsaw", None, "PL"), ("Zürich", None, "CH"),
    ("Vienna", None, "AT"), ("Dublin", None, "IE"), ("Sydney", "NSW", "AU"),
    ("Melbourne", "VIC", "AU"), ("Tokyo", None, "JP"), ("Singapore", None, "SG"),
    ("Mumbai", "MH", "IN"), ("Bangalore", "KA", "IN"), ("São Paulo", "SP", "BR"),
    ("Mexico City", None, "MX"),
]

COUNTRY_NAMES = {
    "US": "United States of America", "CA": "Canada", "GB": "United Kingdom",
    "DE": "Germany", "FR": "France", "ES": "Spain", "IT": "Italy", "NL": "Netherlands",
    "SE": "Sweden", "NO": "Norway", "DK": "Denmark", "PL": "Poland", "CH": "Switzerland",
    "AT": "Austria", "IE": "Ireland", "AU": "Australia", "JP": "Japan", "SG": "Singapore",
    "IN": "India", "BR": "Brazil", "MX": "Mexico",
}

STREET_TYPES = "Street Avenue Road Lane Drive Court Place Boulevard Way Terrace Parkway".split()
STREET_NAMES = (
    "Main Oak Pine Maple Cedar Elm Washington Lake Hill Park Church High Mill Spring North "
    "South West East Ridge Sunset River Forest Meadow Valley Highland Lincoln Jackson Franklin "
    "Jefferson Madison Adams Chestnut Walnut Willow Birch Cherry Dogwood Hickory Magnolia "
    "Station Market Bridge Harbor Commerce Industrial Mountain Prospect Union Center"
).split()

SENIORITY = ["", "", "", "Senior ", "Junior ", "Lead ", "Principal ", "Associate ", "Chief "]
FUNCTIONS = (
    "Sales Marketing Finance Accounting Operations Engineering Product Support Procurement "
    "Logistics Legal Compliance HR Recruiting IT Security Facilities Research Quality Design"
).split()
ROLES = ("Manager Director Analyst Specialist Coordinator Consultant Engineer Officer "
         "Administrator Representative Executive Assistant").split()
DEPARTMENTS = FUNCTIONS + ["Board", "Executive Office", "Customer Success", "Field Sales"]

COMPANY_WORDS = (
    "Acme Global United Pacific Atlantic Northern Summit Pioneer Apex Vertex Horizon Keystone "
    "Liberty Frontier Evergreen Silver Golden Blue Red Green Bright Rapid Precision Advanced "
    "Integrated Strategic Dynamic Allied Premier Central Metro Coastal Alpine Prairie Harbor "
    "Granite Iron Copper Crystal Eagle Falcon Lion Orchard Meridian Nova Quantum Stellar"
).split()
COMPANY_KINDS = (
    "Systems Solutions Logistics Foods Holdings Partners Industries Technologies Consulting "
    "Manufacturing Media Health Energy Capital Logic Labs Networks Supply Freight Dental "
    "Insurance Realty Motors Pharma Analytics Software Builders Robotics Textiles Brewing"
).split()
COMPANY_SUFFIXES = ["Inc.", "LLC", "Ltd", "GmbH", "Corp.", "Co.", "S.A.", "AG", "plc", ""]

NOTE_OPENERS = [
    "Met at", "Called about", "Follow up on", "Interested in", "Asked for a quote on",
    "Renewal due for", "Complained about", "Referred by a colleague for", "Demo scheduled for",
    "Sent brochure about", "Left voicemail regarding", "Prefers email for",
]
NOTE_TOPICS = [
    "the annual trade show", "pricing for the enterprise plan", "the Q3 rollout",
    "onboarding training", "invoice discrepancy", "the new warehouse project",
    "volume discounts", "integration with their ERP", "support contract", "the pilot program",
    "replacement parts", "a second site", "data migration", "the spring catalogue",
]
NOTE_TAILS = [
    "", "", "", " Decision maker.", " Budget approved.", " Not before next quarter.",
    " Wants a call back on Tuesday.", " Very price sensitive.", " Uses a competitor today.",
    " Send contract to legal.", " Spoke with their assistant.", " Good relationship.",
    ' Said "call me after the 15th".',
]
FREE_MAIL = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "proton.me"]

# Dropdown lists (as in Scripts/make-sample-data.py).
LEAD_STATUS = [
    ("NEW", "New - not yet contacted"), ("CONTACTED", "Contacted - waiting for a reply"),
    ("QUALIFIED", "Qualified - need, budget and timing confirmed"),
    ("NURTURE", "Nurture - not ready to buy yet"),
    ("NORESPONSE", "No response after three attempts"), ("DISQUAL", "Disqualified - not a fit"),
    ("CONVERTED", "Converted to an opportunity"),
]
OPPORTUNITY_STATUS = [
    ("OPEN", "Open", "open"), ("QUOTED", "Quote submitted", "open"),
    ("NEGOT", "In negotiation", "open"), ("ONHOLD", "On hold (customer request)", "open"),
    ("WON", "Won - order received", "won"), ("LOST", "Lost", "lost"),
    ("NOBID", "No bid - we declined to quote", "lost"),
    ("CANCEL", "Cancelled by the customer", "lost"),
]
OPPORTUNITY_SOURCE = [
    ("TRADESHOW", "Trade show or conference"), ("WEBSITE", "Website inquiry"),
    ("REFERRAL", "Referral from a customer or engineer"), ("COLDCALL", "Cold call"),
    ("PARTNER", "Lead from a manufacturer we represent"),
    ("MAILING", "Mailing or e-mail campaign"),
    ("EXISTING", "Existing customer - repeat business"),
    ("BIDBOARD", "Public bid or RFP notice"),
]
OPPORTUNITY_STAGE = [
    ("PROSPECT", "Prospecting", 10, 1), ("QUALIFY", "Qualification", 20, 2),
    ("NEEDS", "Needs analysis / site survey", 35, 3), ("PROPOSAL", "Proposal / quote sent", 50, 4),
    ("NEGOTIATE", "Negotiation", 70, 5), ("VERBAL", "Verbal commitment", 90, 6),
]
WON_REASON = [
    ("PRICE", "Best price"), ("DELIVERY", "Stock on hand / fastest delivery"),
    ("SERVICE", "Local field service and support"), ("RELATION", "Existing relationship"),
    ("SPEC", "Best technical fit to the specification"),
    ("QUALITY", "Product quality and reliability"),
]
LOST_REASON = [
    ("PRICE", "Price too high"), ("LEADTIME", "Lead time too long"),
    ("COMPETITOR", "Went with a competitor"), ("NOBUDGET", "No budget or funding"),
    ("NODECISION", "No decision - project stalled"),
    ("SPECMISS", "Did not meet the specification"),
    ("BUYAMERICA", "Failed Buy America / domestic content rule"),
]
TASK_TYPE = [
    ("CALL", "Phone call"), ("EMAIL", "E-mail"), ("MEETING", "Meeting"),
    ("SITEVISIT", "Site visit"), ("DEMO", "Demo or product trial"),
    ("QUOTE", "Prepare a quote"), ("FOLLOWUP", "Follow-up"),
]
TERRITORY = [
    ("NE", "Northeast (New England, NY, NJ, PA)"), ("SE", "Southeast (VA to FL, TN, KY)"),
    ("MW", "Midwest (Great Lakes and Upper Midwest)"), ("GULF", "Gulf Coast (TX, LA, MS, AL)"),
    ("SW", "Southwest and Mountain (AZ, NM, OK, CO, NV, UT)"),
    ("WEST", "West Coast and Pacific Northwest"), ("CAN", "Canada"),
    ("INTL", "International"),
]
STATE_TERRITORY = {
    "NY": "NE", "PA": "NE", "MA": "NE", "FL": "SE", "NC": "SE", "GA": "SE", "TN": "SE",
    "IL": "MW", "OH": "MW", "IN": "MW", "MN": "MW", "TX": "GULF", "AZ": "SW", "CO": "SW",
    "CA": "WEST", "WA": "WEST", "OR": "WEST",
}
REPS = ["jpatel", "sobrien", "dkowalski", "mreyes", "tnguyen", "ahale", "lberg"]
TOPICS = [
    "Pump replacement for the main plant", "Annual service agreement", "Valve retrofit",
    "Spare parts stocking program", "New production line", "Chiller plant upgrade",
    "Water treatment skid", "Dosing system for the new site", "Compressor overhaul",
    "Tank farm instrumentation", "Filter press replacement", "Energy audit follow-up",
]
ITEMS = [
    ("CP-4x3-BRZ", "Centrifugal pump 4x3 bronze fitted", 12400.0),
    ("GV-100-BRZ", "Gate valve 4in bronze", 1120.0), ("BV-150-SS", "Butterfly valve 6in SS", 980.0),
    ("ACT-E-50", "Electric actuator 50 Nm", 1650.0), ("DP-1-PP", "Diaphragm pump 1in PP", 2300.0),
    ("SVC-DAY", "Field service day", 1450.0), ("KIT-SEAL", "Mechanical seal kit", 410.0),
    ("FLT-10", "Filter cartridge 10in, box of 12", 96.0),
]

# Outlook's English contacts export header, exactly as Outlook writes it
# (Sources/CRMEnvCLI/Samples/plan/contacts.csv has the same one).
OUTLOOK_HEADER = [
    "First Name", "Middle Name", "Last Name", "Title", "Suffix", "Nickname", "Given Yomi",
    "Surname Yomi", "E-mail Address", "E-mail 2 Address", "E-mail 3 Address", "Primary Phone",
    "Home Phone", "Home Phone 2", "Mobile Phone", "Pager", "Home Fax", "Home Address",
    "Home Street", "Home Street 2", "Home Street 3", "Home Address PO Box", "Home City",
    "Home State", "Home Postal Code", "Home Country", "Spouse", "Children", "Manager's Name",
    "Assistant's Name", "Referred By", "Company Main Phone", "Business Phone",
    "Business Phone 2", "Business Fax", "Assistant's Phone", "Company", "Job Title",
    "Department", "Office Location", "Organizational ID Number", "Profession", "Account",
    "Business Address", "Business Street", "Business Street 2", "Business Street 3",
    "Business Address PO Box", "Business City", "Business State", "Business Postal Code",
    "Business Country/Region", "Other Phone", "Other Fax", "Other Address", "Other Street",
    "Other Street 2", "Other Street 3", "Other Address PO Box", "Other City", "Other State",
    "Other Postal Code", "Other Country/Region", "Callback", "Car Phone", "ISDN", "Radio Phone",
    "TTY/TDD Phone", "Telex", "User 1", "User 2", "User 3", "User 4", "Keywords", "Mileage",
    "Hobby", "Billing Information", "Directory Server", "Sensitivity", "Priority", "Private",
    "Categories", "Notes", "Birthday", "Anniversary", "Web Page",
]

CONTACT_COLUMNS = [
    "id", "salutation", "first_name", "middle_name", "last_name", "suffix", "job_title",
    "company", "department", "email1", "email2", "email3", "business_phone", "home_phone",
    "mobile_phone", "street", "city", "state", "postal_code", "country", "notes", "match_key",
    "batch_id",
]
TEST_ID_CEILING = 9_000_000_000_000_000


def log(message):
    print("make-data: " + message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# crmenv's match key (Sources/CRMEnv/Onboarding/ContactField.swift)
# ---------------------------------------------------------------------------------------------

def normalized_name(text):
    """Lowercased, accents removed, runs of anything but letters and digits made one space."""
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", text.lower())
                     if not unicodedata.combining(ch))
    words, word = [], []
    for ch in folded:
        if ch.isalnum():
            word.append(ch)
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    return " ".join(words)


def match_key(first, last, company, email1):
    if email1:
        return "email:" + email1.strip().lower()
    return "name:" + "|".join(normalized_name(x or "") for x in (first, last, company))


def ascii_local(text):
    """An e-mail local part from a name: accents dropped, only letters kept."""
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in folded if "a" <= ch <= "z")


# ---------------------------------------------------------------------------------------------
# The contact generator
# ---------------------------------------------------------------------------------------------

class ContactMaker:
    """Realistic sales contacts: names, companies and places repeat from finite vocabularies,
    contacts arrive in batches of 5,000 that share a small set of companies and cities (a
    trade-show list, a purchased list), while phone numbers, house numbers, postal codes and
    notes vary. Every contact has a distinct match key unless the caller allows repeats."""

    def __init__(self, rng, taken=None):
        self.rng = rng
        self.taken = taken if taken is not None else set()
        self.firsts = FIRST_COMMON + [self.word(2, 3).capitalize() for _ in range(1000)]
        self.lasts = LAST_COMMON + [self.word(2, 4).capitalize() for _ in range(5000)]
        self.companies = []
        for _ in range(40000):
            name = rng.choice(COMPANY_WORDS)
            if rng.random() < 0.5:
                name += " " + self.word(2, 3).capitalize()
            name += " " + rng.choice(COMPANY_KINDS)
            suffix = rng.choice(COMPANY_SUFFIXES)
            domain = name.lower().replace(" ", "").replace(".", "")[:18] + rng.choice(
                [".com", ".com", ".com", ".net", ".io", ".co.uk", ".de", ".org"])
            self.companies.append(((name + " " + suffix).strip(), domain,
                                   rng.randrange(len(CITIES)),
                                   rng.randint(200, 999) * 10000 + rng.randint(0, 9999)))
        self.streets = ["%s %s" % (rng.choice(STREET_NAMES + [self.word(2, 3).capitalize()
                                                              for _ in range(3)]),
                                   rng.choice(STREET_TYPES)) for _ in range(5000)]
        self.area_codes = [[rng.randint(201, 989) for _ in range(3)] for _ in CITIES]
        self.postal_prefixes = [rng.randint(100, 999) for _ in CITIES]
        self.batch = None
        self.batch_sets = None

    def word(self, low, high):
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(low, high)))

    def popular_company(self):
        return self.companies[int(self.rng.paretovariate(1.2) * 37) % len(self.companies)]

    def phone(self, place):
        rng = self.rng
        country, area = place
        if country in ("US", "CA"):
            return "+1 (%d) %03d-%04d" % (area, rng.randint(200, 999), rng.randint(0, 9999))
        return "+%d %d %04d %04d" % (area // 10, area % 100, rng.randint(0, 9999),
                                      rng.randint(0, 9999))

    def business_phone(self, place, switchboard):
        rng = self.rng
        if rng.random() < 0.5:
            return self.phone(place)
        country, area = place
        number = "%03d-%04d" % (switchboard // 10000, switchboard % 10000)
        prefix = "+1 (%d) " % area if country in ("US", "CA") else "+%d %d " % (
            area // 10, area % 100)
        return prefix + number + (" ext. %d" % rng.randint(100, 999) if rng.random() < 0.6
                                  else "")

    def postal(self, city_index):
        rng = self.rng
        country = CITIES[city_index][2]
        if country == "US":
            return "%03d%02d" % (self.postal_prefixes[city_index], rng.randint(0, 99))
        if country == "GB":
            return "%s%d %d%s" % (rng.choice(["SW", "EC", "M", "EH", "N", "W"]),
                                  rng.randint(1, 20), rng.randint(1, 9),
                                  "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in "xx"))
        if country == "CA":
            return "%s%d%s %d%s%d" % (rng.choice("KLMNPRSTV"), rng.randint(0, 9),
                                      rng.choice("ABCEGHJ"), rng.randint(0, 9),
                                      rng.choice("ABCEGHJ"), rng.randint(0, 9))
        return "%d%02d" % (self.postal_prefixes[city_index], rng.randint(0, 99))

    def notes(self, multiline):
        rng = self.rng
        parts = []
        for _ in range(rng.randint(1, 3 if multiline else 2)):
            parts.append("%s %s on %d/%d/20%02d.%s" % (
                rng.choice(NOTE_OPENERS), rng.choice(NOTE_TOPICS), rng.randint(1, 12),
                rng.randint(1, 28), rng.randint(15, 24), rng.choice(NOTE_TAILS)))
        return ("\r\n" if multiline else " ").join(parts)

    def contact(self, serial, multiline_notes=False):
        """A dict of sales_contact columns (without id and batch_id), with a match key not in
        self.taken (which it then joins)."""
        rng = self.rng
        batch = serial // 5000
        if batch != self.batch:
            self.batch = batch
            self.batch_sets = ([self.popular_company() for _ in range(150)],
                               rng.sample(range(len(CITIES)), 6))
        batch_companies, batch_cities = self.batch_sets
        first = rng.choice(self.firsts) if rng.random() < 0.3 else rng.choice(FIRST_COMMON)
        last = rng.choice(self.lasts) if rng.random() < 0.4 else rng.choice(LAST_COMMON)
        if rng.random() < 0.03:
            last += "-" + rng.choice(LAST_COMMON)
        if rng.random() < 0.8:
            company, domain, company_city, switchboard = rng.choice(batch_companies)
        else:
            company, domain, company_city, switchboard = self.popular_company()
        if rng.random() < 0.5:
            city_index = company_city
        elif rng.random() < 0.7:
            city_index = rng.choice(batch_cities)
        else:
            city_index = rng.randrange(len(CITIES))
        city, state, country = CITIES[city_index]
        place = (country, self.area_codes[city_index][rng.randrange(3)])
        f, l = ascii_local(first) or "x", ascii_local(last) or "x"
        style = rng.random()
        local = ("%s.%s" % (f, l) if style < 0.6 else
                 "%s%s" % (f[0], l) if style < 0.85 else
                 "%s%s" % (f, l[0]) if style < 0.95 else f)
        email2 = None
        if rng.random() < 0.15:
            email2 = "%s%s%d@%s" % (f[:1], l[:8], rng.randint(1, 999), rng.choice(FREE_MAIL))
        email3 = None
        if rng.random() < 0.02:
            email3 = "%s@%s" % (f, domain)
        notes = None
        if rng.random() < 0.15:
            notes = self.notes(multiline_notes and rng.random() < 0.3)
        row = {
            "salutation": rng.choice(["Mr.", "Ms.", "Mrs.", "Dr.", None, None, None]),
            "first_name": first,
            "middle_name": rng.choice([None] * 6 + [rng.choice("ABCDEFGHJKLMNPRSTW") + ".",
                                                   rng.choice(FIRST_COMMON)]),
            "last_name": last,
            "suffix": rng.choice([None] * 30 + ["Jr.", "Sr.", "III", "PhD", "MD"]),
            "job_title": (rng.choice(SENIORITY) + rng.choice(FUNCTIONS) + " "
                          + rng.choice(ROLES)) if rng.random() < 0.7 else None,
            "company": company,
            "department": rng.choice(DEPARTMENTS) if rng.random() < 0.35 else None,
            "email1": None,
            "email2": email2,
            "email3": email3,
            "business_phone": self.business_phone(place, switchboard) if rng.random() < 0.8
            else None,
            "home_phone": self.phone(place) if rng.random() < 0.08 else None,
            "mobile_phone": self.phone(place) if rng.random() < 0.35 else None,
            "street": "%d %s" % (rng.randint(1, 9999), rng.choice(self.streets))
            + (" Suite %d" % rng.randint(100, 999) if rng.random() < 0.05 else ""),
            "city": city,
            "state": state,
            "postal_code": self.postal(city_index),
            "country": country,
            "notes": notes,
        }
        # 3% have no e-mail (a business card typed in): found again by name and company.
        if rng.random() < 0.03:
            key = match_key(first, last, company, None)
            if key not in self.taken:
                self.taken.add(key)
                row["match_key"] = key
                return row
        # A contact with an e-mail whose name and company are those of a contact known by name
        # only would be taken for that contact (crmenv looks there too): make another.
        if match_key(first, last, company, None) in self.taken:
            return self.contact(serial, multiline_notes)
        address = "%s@%s" % (local, domain)
        key = "email:" + address
        n = 1
        while key in self.taken:
            n += 1
            address = "%s%d@%s" % (local, n, domain)
            key = "email:" + address
        self.taken.add(key)
        row["email1"] = address
        row["match_key"] = key
        return row


# ---------------------------------------------------------------------------------------------
# workspace
# ---------------------------------------------------------------------------------------------

def default_crmenv():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(os.path.dirname(here), ".build", "release", "crmenv")


def fill_values(db):
    for table, rows in [("lead_status", LEAD_STATUS), ("opportunity_source", OPPORTUNITY_SOURCE),
                        ("won_reason", WON_REASON), ("lost_reason", LOST_REASON),
                        ("task_type", TASK_TYPE), ("territory", TERRITORY)]:
        db.executemany("INSERT INTO %s (code, description) VALUES (?, ?)" % table, rows)
    db.executemany("INSERT INTO opportunity_status (code, description, outcome) VALUES (?,?,?)",
                   OPPORTUNITY_STATUS)
    db.executemany("INSERT INTO opportunity_stage (code, description, chance_to_close, sequence)"
                   " VALUES (?,?,?,?)", OPPORTUNITY_STAGE)


def iso_day(rng, year_from=2023, year_to=2026):
    return "%04d-%02d-%02d" % (rng.randint(year_from, year_to), rng.randint(1, 12),
                               rng.randint(1, 28))


def company_address(maker, company):
    name, domain, city_index, switchboard = company
    rng = maker.rng
    city, state, country = CITIES[city_index]
    place = (country, maker.area_codes[city_index][0])
    territory = (STATE_TERRITORY.get(state, "NE") if country == "US" else
                 "CAN" if country == "CA" else "INTL")
    return dict(address1="%d %s" % (rng.randint(1, 9999), rng.choice(maker.streets)),
                address2=rng.choice([None] * 4 + ["Suite %d" % rng.randint(100, 999),
                                                  "PO Box %d" % rng.randint(10, 9999)]),
                city=city, state=state, postal_code=maker.postal(city_index), country=country,
                phone=maker.business_phone(place, switchboard), territory=territory,
                domain=domain, name=name)


def cmd_workspace(args):
    crmenv = args.crmenv or os.environ.get("CRMENV") or default_crmenv()
    if os.path.exists(os.path.join(args.dir, "environments", "live.sqlite")):
        sys.exit("make-data: %s already has environments; give a new folder" % args.dir)
    subprocess.run([crmenv, "init", "--root", args.dir], check=True)
    live = os.path.join(args.dir, "environments", "live.sqlite")
    started = time.time()
    rng = random.Random(args.seed)
    maker = ContactMaker(rng)
    n = args.contacts
    db = sqlite3.connect(live, isolation_level=None)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -262144")
    db.execute("BEGIN")
    fill_values(db)

    # Customers and prospects: distinct companies, the most popular ones first.
    seen, firms = set(), []
    while len(firms) < args.customers + args.prospects:
        company = maker.popular_company() if rng.random() < 0.5 else rng.choice(maker.companies)
        if company[0] not in seen:
            seen.add(company[0])
            firms.append(company)
    customers = []
    for i, company in enumerate(firms[:args.customers]):
        a = company_address(maker, company)
        cust_num = "C%06d" % (100 + i)
        email = None if rng.random() < 0.08 else "%s@%s" % (
            rng.choice(["orders", "purchasing", "ap", "info"]), a["domain"])
        customers.append((cust_num, a["name"], a["address1"], a["address2"], a["city"],
                          a["state"], a["postal_code"], a["country"], a["phone"], email,
                          a["territory"], None))
    db.executemany("INSERT INTO customer VALUES (%s)" % ",".join("?" * 12), customers)
    prospects = []
    for i, company in enumerate(firms[args.customers:]):
        a = company_address(maker, company)
        website = None if rng.random() < 0.15 else "https://www." + a["domain"]
        prospects.append((i + 1, "P-%d" % (1001 + i), a["name"], a["address1"], a["address2"],
                          a["city"], a["state"], a["postal_code"], a["country"], a["phone"],
                          website, a["territory"], None))
    db.executemany("INSERT INTO prospect VALUES (%s)" % ",".join("?" * 13), prospects)

    # The contacts, ids 1..N.
    def contacts():
        for i in range(1, n + 1):
            row = maker.contact(i)
            yield (i,) + tuple(row[c] for c in CONTACT_COLUMNS[1:-1]) + (None,)
            if i % 200000 == 0:
                log("%d contacts" % i)
    db.executemany("INSERT INTO sales_contact VALUES (%s)" % ",".join("?" * 23), contacts())

    # Cross references, leads, opportunities, tasks, quotes.
    def some_contacts(k):
        return sorted(rng.sample(range(1, n + 1), k))
    links = set()
    rows = []
    for contact_id in some_contacts(min(n, args.customers * 2)):
        cust = rng.choice(customers)[0]
        if (cust, contact_id) not in links:
            links.add((cust, contact_id))
            rows.append((cust, contact_id, 1 if rng.random() < 0.3 else 0, None))
    db.executemany("INSERT INTO customer_contact VALUES (?,?,?,?)", rows)
    links = set()
    rows = []
    for contact_id in some_contacts(min(n, args.prospects * 2)):
        pid = rng.randint(1, len(prospects))
        if (pid, contact_id) not in links:
            links.add((pid, contact_id))
            rows.append((pid, contact_id, 1 if rng.random() < 0.3 else 0, None))
    db.executemany("INSERT INTO prospect_contact VALUES (?,?,?,?)", rows)

    def customer_or_prospect():
        if rng.random() < 0.5:
            return rng.choice(customers)[0], None
        return None, rng.randint(1, len(prospects))

    leads = []
    for i in range(1, args.leads + 1):
        cust, pid = customer_or_prospect()
        leads.append((i, "L-%d" % (2000 + i), rng.choice(TOPICS), cust, pid,
                      rng.randint(1, n) if rng.random() < 0.8 else None,
                      rng.choice(LEAD_STATUS)[0],
                      rng.choice(OPPORTUNITY_SOURCE)[0] if rng.random() < 0.9 else None,
                      iso_day(rng), None))
    db.executemany("INSERT INTO lead VALUES (%s)" % ",".join("?" * 10), leads)
    opportunities = []
    for i in range(1, args.opportunities + 1):
        cust, pid = customer_or_prospect()
        status, _, outcome = rng.choice(OPPORTUNITY_STATUS)
        stage = chance = won = lost = None
        if outcome == "open":
            stage, _, chance, _ = rng.choice(OPPORTUNITY_STAGE)
        elif outcome == "won":
            chance, won = 100, rng.choice(WON_REASON)[0]
        else:
            chance, lost = 0, rng.choice(LOST_REASON)[0]
        opportunities.append((
            i, "O-%d" % (3000 + i), rng.choice(TOPICS), cust, pid,
            rng.randint(1, n) if rng.random() < 0.85 else None,
            rng.randint(1, len(leads)) if rng.random() < 0.3 else None, status,
            rng.choice(OPPORTUNITY_SOURCE)[0], stage, float(rng.randint(10, 5000) * 100),
            chance, iso_day(rng, 2026, 2027), won, lost, None))
    db.executemany("INSERT INTO opportunity VALUES (%s)" % ",".join("?" * 16), opportunities)
    tasks = []
    for i in range(1, args.opportunities * 2 + 1):
        ttype = rng.choice(TASK_TYPE)
        tasks.append((i, "T-%d" % (4000 + i), rng.randint(1, len(opportunities)), ttype[0],
                      "%s: %s" % (ttype[1], rng.choice(TOPICS).lower()), rng.choice(REPS),
                      iso_day(rng, 2025, 2027), 1 if rng.random() < 0.5 else 0, None))
    db.executemany("INSERT INTO opportunity_task VALUES (%s)" % ",".join("?" * 9), tasks)
    quotes, lines = [], []
    for i in range(1, args.opportunities // 2 + 1):
        opp = rng.choice(opportunities)
        day = iso_day(rng, 2025, 2026)
        quotes.append((i, "Q-%d" % (5000 + i), opp[3], opp[4], opp[0], day,
                       day[:2] + "%02d" % (int(day[2:4]) + 1) + day[4:],
                       "Budgetary quote." if rng.random() < 0.2 else None, None))
        for line_no in range(1, rng.randint(1, 5) + 1):
            item, description, price = rng.choice(ITEMS)
            lines.append((i, line_no, item, description, float(rng.randint(1, 20)), price,
                          float(rng.choice([0, 0, 0, 5, 10])), None))
    db.executemany("INSERT INTO quote VALUES (%s)" % ",".join("?" * 9), quotes)
    db.executemany("INSERT INTO quote_line VALUES (%s)" % ",".join("?" * 8), lines)
    db.execute("COMMIT")
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        sys.exit("make-data: foreign key problems: %r" % problems[:5])
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    size = os.path.getsize(live)
    log("LIVE: %d contacts, %d customers, %d prospects, %d leads, %d opportunities, %d tasks, "
        "%d quotes, %d quote lines; %.1f MB; %.0f s" % (
            n, len(customers), len(prospects), len(leads), len(opportunities), len(tasks),
            len(quotes), len(lines), size / 1e6, time.time() - started))


# ---------------------------------------------------------------------------------------------
# pair
# ---------------------------------------------------------------------------------------------

UPDATABLE = ["job_title", "department", "business_phone", "mobile_phone", "home_phone", "street",
             "notes", "email2", "middle_name", "salutation", "postal_code", "company"]


def new_value(rng, maker, column, old):
    if column == "job_title":
        value = rng.choice(SENIORITY) + rng.choice(FUNCTIONS) + " " + rng.choice(ROLES)
    elif column == "department":
        value = rng.choice(DEPARTMENTS)
    elif column in ("business_phone", "mobile_phone", "home_phone"):
        value = maker.phone(("US", rng.randint(201, 989)))
    elif column == "street":
        value = "%d %s" % (rng.randint(1, 9999), rng.choice(maker.streets))
    elif column == "notes":
        value = ((old + " ") if old else "") + maker.notes(False)
    elif column == "email2":
        value = "%s%d@%s" % (rng.choice(FIRST_COMMON).lower(), rng.randint(1, 9999),
                             rng.choice(FREE_MAIL))
    elif column == "middle_name":
        value = rng.choice("ABCDEFGHJKLMNPRSTW") + "."
    elif column == "salutation":
        value = rng.choice(["Mr.", "Ms.", "Mrs.", "Dr."])
    elif column == "postal_code":
        value = "%05d" % rng.randint(10000, 99999)
    else:  # company: acquired or renamed
        value = maker.popular_company()[0]
    if value == old:
        value += " (2)"
    return value


def cmd_pair(args):
    test_path = os.path.join(args.dir, "environments", "test.sqlite")
    live_path = os.path.join(args.dir, "environments", "live.sqlite")
    test = sqlite3.connect(test_path, isolation_level=None)
    live = sqlite3.connect(live_path, isolation_level=None)
    if test.execute("SELECT value FROM crmenv_meta WHERE key = 'base_snapshot'").fetchone() is None:
        sys.exit("make-data: TEST has no base; run 'crmenv refresh --root %s' first" % args.dir)
    rng = random.Random(args.seed)
    maker = ContactMaker(random.Random(args.seed + 1))
    top = test.execute("SELECT max(id) FROM sales_contact WHERE id < 8000000000000000"
                       ).fetchone()[0]
    live_top = live.execute("SELECT max(id) FROM sales_contact").fetchone()[0]
    if top != live_top or test.execute(
            "SELECT count(*) FROM sales_contact WHERE id >= 8000000000000000").fetchone()[0]:
        sys.exit("make-data: TEST is not a fresh copy of LIVE (already paired?)")
    referenced = set()
    for sql in ["SELECT contact_id FROM customer_contact", "SELECT contact_id FROM prospect_contact",
                "SELECT contact_id FROM lead WHERE contact_id IS NOT NULL",
                "SELECT contact_id FROM opportunity WHERE contact_id IS NOT NULL"]:
        referenced.update(r[0] for r in test.execute(sql))
    n_update = args.changes * 4 // 10
    n_delete = args.changes * 3 // 10
    n_insert = args.changes - n_update - n_delete
    drift = max(10, args.changes * 15 // 1000)
    d_update, d_delete = drift // 2, drift // 6
    d_insert = drift - d_update - d_delete
    d_overlap = max(2, d_update // 8)  # LIVE updates of rows TEST updated too

    candidates = rng.sample(range(1, top + 1), n_update + n_delete + d_update + d_delete
                            + len(referenced) + 100)
    candidates = [i for i in candidates if i not in referenced]
    test_updates = sorted(candidates[:n_update])
    test_deletes = sorted(candidates[n_update:n_update + n_delete])
    rest = candidates[n_update + n_delete:]
    live_updates = sorted(rest[:d_update - d_overlap] + rng.sample(test_updates, d_overlap))
    live_deletes = sorted(rest[d_update - d_overlap:d_update - d_overlap + d_delete])

    columns = CONTACT_COLUMNS
    select = "SELECT %s FROM sales_contact WHERE id = ?" % ", ".join(columns)

    def apply_updates(db, ids, overlap_plan=None):
        touched = {}
        for row_id in ids:
            row = dict(zip(columns, db.execute(select, (row_id,)).fetchone()))
            if overlap_plan is not None and row_id in overlap_plan:
                chosen = overlap_plan[row_id]
            else:
                chosen = rng.sample(UPDATABLE, 1 if rng.random() < 0.7 else 2)
            sets = {c: new_value(rng, maker, c, row[c]) for c in chosen}
            db.execute("UPDATE sales_contact SET %s WHERE id = ?" % ", ".join(
                "%s = ?" % c for c in sets), tuple(sets.values()) + (row_id,))
            touched[row_id] = chosen
        return touched

    test.execute("BEGIN")
    touched = apply_updates(test, test_updates)
    test.executemany("DELETE FROM sales_contact WHERE id = ?", [(i,) for i in test_deletes])
    taken = set(r[0] for r in test.execute("SELECT match_key FROM sales_contact"))
    maker.taken = taken
    inserts = []
    for k in range(n_insert):
        row = maker.contact(k)
        inserts.append((TEST_ID_CEILING - 1 - k,) + tuple(row[c] for c in columns[1:-1])
                       + (None,))
    test.executemany("INSERT INTO sales_contact VALUES (%s)" % ",".join("?" * 23), inserts)
    test.execute("INSERT INTO crmenv_meta (key, value) VALUES ('next_id:sales_contact', ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                 (TEST_ID_CEILING - 1 - n_insert,))
    test.execute("COMMIT")

    # Drift in LIVE: half of the overlapping updates change a column TEST changed too.
    overlap = [i for i in live_updates if i in touched]
    plan = {}
    for k, row_id in enumerate(overlap):
        plan[row_id] = touched[row_id][:1] if k % 2 == 0 else [
            rng.choice([c for c in UPDATABLE if c not in touched[row_id]])]
    live.execute("BEGIN")
    apply_updates(live, live_updates, plan)
    live.executemany("DELETE FROM sales_contact WHERE id = ?", [(i,) for i in live_deletes])
    live_inserts = []
    for k in range(d_insert):
        row = maker.contact(n_insert + k)
        live_inserts.append((live_top + 1 + k,) + tuple(row[c] for c in columns[1:-1])
                            + (None,))
    live.executemany("INSERT INTO sales_contact VALUES (%s)" % ",".join("?" * 23), live_inserts)
    live.execute("COMMIT")
    test.close()
    live.close()
    changed = len(set(test_updates) | set(live_updates))
    print("TEST: %d updated, %d deleted, %d inserted; LIVE (drift): %d updated (%d of them rows "
          "TEST updated, %d in the same column), %d deleted, %d inserted" % (
              n_update, n_delete, n_insert, len(live_updates), len(overlap),
              (len(overlap) + 1) // 2, len(live_deletes), d_insert))
    print("expected two-way sales_contact counts (LIVE -> TEST): changed %d, added %d, "
          "removed %d" % (changed, n_insert + len(live_deletes), n_delete + d_insert))


# ---------------------------------------------------------------------------------------------
# outlook
# ---------------------------------------------------------------------------------------------

def outlook_row(rng, c):
    r = dict.fromkeys(OUTLOOK_HEADER, "")
    r["First Name"], r["Middle Name"], r["Last Name"] = (c["first_name"], c["middle_name"] or "",
                                                         c["last_name"])
    r["Title"], r["Suffix"] = c["salutation"] or "", c["suffix"] or ""
    r["E-mail Address"] = c["email1"] or ""
    r["E-mail 2 Address"] = c["email2"] or ""
    r["E-mail 3 Address"] = c["email3"] or ""
    r["Business Phone"] = c["business_phone"] or ""
    r["Home Phone"] = c["home_phone"] or ""
    r["Mobile Phone"] = c["mobile_phone"] or ""
    r["Company"], r["Job Title"], r["Department"] = (c["company"], c["job_title"] or "",
                                                     c["department"] or "")
    street = c["street"]
    if " Suite " in street:
        street, suite = street.split(" Suite ")
        r["Business Street 2"] = "Suite " + suite
    r["Business Street"] = street
    r["Business City"], r["Business State"] = c["city"], c["state"] or ""
    r["Business Postal Code"] = c["postal_code"]
    r["Business Country/Region"] = COUNTRY_NAMES[c["country"]]
    r["Sensitivity"], r["Priority"], r["Private"] = "Normal", "Normal", "False"
    r["Categories"] = rng.choice(["", "", "", "Customer", "Prospect", "Supplier", "Personal"])
    r["Notes"] = c["notes"] or ""
    r["Birthday"], r["Anniversary"] = "0/0/00", "0/0/00"
    if rng.random() < 0.2:
        r["Web Page"] = "https://www." + (c["email1"] or "x@example.com").split("@")[1] + "/"
    if rng.random() < 0.01:  # an Exchange address book entry: crmenv drops these
        r["E-mail 3 Address"] = "/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/" \
            "cn=%s" % (c["last_name"] or "x").lower()
    return [r[h] for h in OUTLOOK_HEADER]


def cmd_outlook(args):
    rng = random.Random(args.seed)
    taken = set()
    if args.exclude_from:
        db = sqlite3.connect("file:%s?mode=ro" % args.exclude_from, uri=True)
        taken.update(r[0] for r in db.execute("SELECT match_key FROM sales_contact"))
        db.close()
        log("excluding %d match keys of %s" % (len(taken), args.exclude_from))
    maker = ContactMaker(random.Random(args.seed + 1), taken)
    n_dup = int(args.rows * args.duplicates)
    n_unique = args.rows - n_dup
    rows = [outlook_row(rng, maker.contact(i, multiline_notes=True)) for i in range(n_unique)]
    # Repeats: the same person again, a few hundred rows later, sometimes with a phone number
    # filled in that the first row lacked or a job title left out.
    mobile = OUTLOOK_HEADER.index("Mobile Phone")
    title = OUTLOOK_HEADER.index("Job Title")
    repeats = sorted(rng.sample(range(n_unique), n_dup))
    for k, i in enumerate(reversed(repeats)):
        copy = list(rows[i])
        roll = rng.random()
        if roll < 0.3 and not copy[mobile]:
            copy[mobile] = maker.phone(("US", rng.randint(201, 989)))
        elif roll < 0.5:
            copy[title] = ""
        rows.insert(min(len(rows), i + rng.randint(1, 500)), copy)
    with open(args.file, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(OUTLOOK_HEADER)
        writer.writerows(rows)
    log("%s: %d rows (%d repeats of a person), %.1f MB" % (
        args.file, len(rows), n_dup, os.path.getsize(args.file) / 1e6))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("workspace", help="a crmenv workspace with a large LIVE")
    p.add_argument("dir")
    p.add_argument("--contacts", type=int, default=1_000_000)
    p.add_argument("--customers", type=int, default=3000)
    p.add_argument("--prospects", type=int, default=2000)
    p.add_argument("--leads", type=int, default=3000)
    p.add_argument("--opportunities", type=int, default=2000)
    p.add_argument("--seed", type=int, default=20240611)
    p.add_argument("--crmenv", help="the crmenv binary (default: .build/release/crmenv)")
    p = sub.add_parser("pair", help="changes in TEST and drift in LIVE")
    p.add_argument("dir")
    p.add_argument("--changes", type=int, default=20000)
    p.add_argument("--seed", type=int, default=7)
    p = sub.add_parser("outlook", help="an Outlook contacts export")
    p.add_argument("file")
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=99)
    p.add_argument("--duplicates", type=float, default=0.01)
    p.add_argument("--exclude-from", help="a crmenv database whose contacts are not repeated")
    args = parser.parse_args()
    {"workspace": cmd_workspace, "pair": cmd_pair, "outlook": cmd_outlook}[args.command](args)


if __name__ == "__main__":
    main()
