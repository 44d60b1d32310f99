#!/usr/bin/env python3
"""Generates the sample data that ships with crmenv (Sources/CRMEnvCLI/Samples).

Every person, company, street, e-mail address and phone number in the output is invented:
"Harbor Valve & Pump Co." is a fictional industrial equipment distributor, e-mail domains are
sub-domains of example.com / example.net / example.org (reserved by RFC 2606), and phone numbers
use the fictional 555-0100..555-0199 range of the North American Numbering Plan.

Usage (from the repository root):

    python3 Scripts/make-sample-data.py

Standard library only, fixed random seed: running it twice writes byte-identical files.
At the end a checker re-reads every file, asserts the referential-integrity rules and prints the
number of records per file. `--check-only` runs the checker on the existing files.
"""

import csv
import datetime as dt
import io
import os
import random
import re
import sys
import unicodedata

SEED = 20261120
AS_OF = dt.date(2026, 11, 20)  # "today" in the sample world: tasks due before it are mostly done

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Sources", "CRMEnvCLI", "Samples")

rng = random.Random(SEED)

# ---------------------------------------------------------------------------------------------
# Value lists
# ---------------------------------------------------------------------------------------------

LEAD_STATUS = [
    ("NEW", "New - not yet contacted"),
    ("CONTACTED", "Contacted - waiting for a reply"),
    ("QUALIFIED", "Qualified - need, budget and timing confirmed"),
    ("NURTURE", "Nurture - not ready to buy yet"),
    ("NORESPONSE", "No response after three attempts"),
    ("DISQUAL", "Disqualified - not a fit"),
    ("CONVERTED", "Converted to an opportunity"),
]

OPPORTUNITY_STATUS = [  # code, description, outcome
    ("OPEN", "Open", "open"),
    ("QUOTED", "Quote submitted", "open"),
    ("NEGOT", "In negotiation", "open"),
    ("ONHOLD", "On hold (customer request)", "open"),
    ("WON", "Won - order received", "won"),
    ("LOST", "Lost", "lost"),
    ("NOBID", "No bid - we declined to quote", "lost"),
    ("CANCEL", "Cancelled by the customer", "lost"),
]

OPPORTUNITY_SOURCE = [
    ("TRADESHOW", "Trade show or conference"),
    ("WEBSITE", "Website inquiry"),
    ("REFERRAL", "Referral from a customer or engineer"),
    ("COLDCALL", "Cold call"),
    ("PARTNER", "Lead from a manufacturer we represent"),
    ("MAILING", "Mailing or e-mail campaign"),
    ("EXISTING", "Existing customer - repeat business"),
    ("BIDBOARD", "Public bid or RFP notice"),
]

OPPORTUNITY_STAGE = [  # code, description, chance_to_close, sequence
    ("PROSPECT", "Prospecting", 10, 1),
    ("QUALIFY", "Qualification", 20, 2),
    ("NEEDS", "Needs analysis / site survey", 35, 3),
    ("PROPOSAL", "Proposal / quote sent", 50, 4),
    ("NEGOTIATE", "Negotiation", 70, 5),
    ("VERBAL", "Verbal commitment", 90, 6),
]

WON_REASON = [
    ("PRICE", "Best price"),
    ("DELIVERY", "Stock on hand / fastest delivery"),
    ("SERVICE", "Local field service and support"),
    ("RELATION", "Existing relationship"),
    ("SPEC", "Best technical fit to the specification"),
    ("QUALITY", "Product quality and reliability"),
]

LOST_REASON = [
    ("PRICE", "Price too high"),
    ("LEADTIME", "Lead time too long"),
    ("COMPETITOR", "Went with a competitor"),
    ("NOBUDGET", "No budget or funding"),
    ("NODECISION", "No decision - project stalled"),
    ("SPECMISS", "Did not meet the specification"),
    ("BUYAMERICA", "Failed Buy America / domestic content rule"),
]

TASK_TYPE = [
    ("CALL", "Phone call"),
    ("EMAIL", "E-mail"),
    ("MEETING", "Meeting"),
    ("SITEVISIT", "Site visit"),
    ("DEMO", "Demo or product trial"),
    ("QUOTE", "Prepare a quote"),
    ("FOLLOWUP", "Follow-up"),
]

TERRITORY = [
    ("NE", "Northeast (New England, NY, NJ, PA)"),
    ("SE", "Southeast (VA to FL, TN, KY)"),
    ("MW", "Midwest (Great Lakes and Upper Midwest)"),
    ("GULF", "Gulf Coast (TX, LA, MS, AL)"),
    ("SW", "Southwest and Mountain (AZ, NM, OK, CO, NV, UT)"),
    ("WEST", "West Coast and Pacific Northwest"),
    ("CAN", "Canada"),
]

# The sales reps (task owners) and the territories they cover.
REPS = {
    "jpatel": ("Jay", "Patel", "NE"),
    "sobrien": ("Sean", "O'Brien", "SE"),
    "dkowalski": ("Dana", "Kowalski", "MW"),
    "mreyes": ("Marisol", "Reyes", "GULF"),
    "rwalker": ("Rick", "Walker", "SW"),
    "tnguyen": ("Tam", "Nguyen", "WEST"),
}
REP_OF_TERRITORY = {"NE": "jpatel", "SE": "sobrien", "MW": "dkowalski", "GULF": "mreyes",
                    "SW": "rwalker", "WEST": "tnguyen", "CAN": "jpatel"}
REP_IDS = sorted(REPS)

# ---------------------------------------------------------------------------------------------
# Geography: city key -> city, state/province, country, ZIP prefix or FSA, area code, territory
# ---------------------------------------------------------------------------------------------

CITIES = {
    "portland_me": ("Portland", "ME", "US", "041", "207", "NE"),
    "manchester": ("Manchester", "NH", "US", "031", "603", "NE"),
    "burlington": ("Burlington", "VT", "US", "054", "802", "NE"),
    "worcester": ("Worcester", "MA", "US", "016", "508", "NE"),
    "newbedford": ("New Bedford", "MA", "US", "027", "508", "NE"),
    "providence": ("Providence", "RI", "US", "029", "401", "NE"),
    "newhaven": ("New Haven", "CT", "US", "065", "203", "NE"),
    "albany": ("Albany", "NY", "US", "122", "518", "NE"),
    "buffalo": ("Buffalo", "NY", "US", "142", "716", "NE"),
    "newark": ("Newark", "NJ", "US", "071", "973", "NE"),
    "camden": ("Camden", "NJ", "US", "081", "856", "NE"),
    "erie": ("Erie", "PA", "US", "165", "814", "NE"),
    "allentown": ("Allentown", "PA", "US", "181", "610", "NE"),
    "pittsburgh": ("Pittsburgh", "PA", "US", "152", "412", "NE"),
    "norfolk": ("Norfolk", "VA", "US", "235", "757", "SE"),
    "richmond": ("Richmond", "VA", "US", "232", "804", "SE"),
    "asheville": ("Asheville", "NC", "US", "288", "828", "SE"),
    "charlotte": ("Charlotte", "NC", "US", "282", "704", "SE"),
    "wilmington": ("Wilmington", "NC", "US", "284", "910", "SE"),
    "charleston": ("Charleston", "SC", "US", "294", "843", "SE"),
    "savannah": ("Savannah", "GA", "US", "314", "912", "SE"),
    "macon": ("Macon", "GA", "US", "312", "478", "SE"),
    "jacksonville": ("Jacksonville", "FL", "US", "322", "904", "SE"),
    "tampa": ("Tampa", "FL", "US", "336", "813", "SE"),
    "knoxville": ("Knoxville", "TN", "US", "379", "865", "SE"),
    "louisville": ("Louisville", "KY", "US", "402", "502", "SE"),
    "toledo": ("Toledo", "OH", "US", "436", "419", "MW"),
    "cincinnati": ("Cincinnati", "OH", "US", "452", "513", "MW"),
    "grandrapids": ("Grand Rapids", "MI", "US", "495", "616", "MW"),
    "saginaw": ("Saginaw", "MI", "US", "486", "989", "MW"),
    "fortwayne": ("Fort Wayne", "IN", "US", "468", "260", "MW"),
    "rockford": ("Rockford", "IL", "US", "611", "815", "MW"),
    "peoria": ("Peoria", "IL", "US", "616", "309", "MW"),
    "milwaukee": ("Milwaukee", "WI", "US", "532", "414", "MW"),
    "greenbay": ("Green Bay", "WI", "US", "543", "920", "MW"),
    "duluth": ("Duluth", "MN", "US", "558", "218", "MW"),
    "cedarrapids": ("Cedar Rapids", "IA", "US", "524", "319", "MW"),
    "stlouis": ("St. Louis", "MO", "US", "631", "314", "MW"),
    "houston": ("Houston", "TX", "US", "770", "713", "GULF"),
    "beaumont": ("Beaumont", "TX", "US", "777", "409", "GULF"),
    "corpus": ("Corpus Christi", "TX", "US", "784", "361", "GULF"),
    "batonrouge": ("Baton Rouge", "LA", "US", "708", "225", "GULF"),
    "lakecharles": ("Lake Charles", "LA", "US", "706", "337", "GULF"),
    "pascagoula": ("Pascagoula", "MS", "US", "395", "228", "GULF"),
    "mobile": ("Mobile", "AL", "US", "366", "251", "GULF"),
    "tucson": ("Tucson", "AZ", "US", "857", "520", "SW"),
    "albuquerque": ("Albuquerque", "NM", "US", "871", "505", "SW"),
    "tulsa": ("Tulsa", "OK", "US", "741", "918", "SW"),
    "pueblo": ("Pueblo", "CO", "US", "810", "719", "SW"),
    "fortcollins": ("Fort Collins", "CO", "US", "805", "970", "SW"),
    "reno": ("Reno", "NV", "US", "895", "775", "SW"),
    "ogden": ("Ogden", "UT", "US", "844", "801", "SW"),
    "fresno": ("Fresno", "CA", "US", "937", "559", "WEST"),
    "stockton": ("Stockton", "CA", "US", "952", "209", "WEST"),
    "oakland": ("Oakland", "CA", "US", "946", "510", "WEST"),
    "salem": ("Salem", "OR", "US", "973", "503", "WEST"),
    "eugene": ("Eugene", "OR", "US", "974", "541", "WEST"),
    "tacoma": ("Tacoma", "WA", "US", "984", "253", "WEST"),
    "bellingham": ("Bellingham", "WA", "US", "982", "360", "WEST"),
    "boise": ("Boise", "ID", "US", "837", "208", "WEST"),
    "hamilton": ("Hamilton", "ON", "CA", "L8H", "905", "CAN"),
    "sudbury": ("Sudbury", "ON", "CA", "P3A", "705", "CAN"),
    "troisrivieres": ("Trois-Rivières", "QC", "CA", "G9A", "819", "CAN"),
    "sherbrooke": ("Sherbrooke", "QC", "CA", "J1H", "819", "CAN"),
    "halifax": ("Halifax", "NS", "CA", "B3K", "902", "CAN"),
    "surrey": ("Surrey", "BC", "CA", "V3S", "604", "CAN"),
    "reddeer": ("Red Deer", "AB", "CA", "T4N", "403", "CAN"),
}

# ---------------------------------------------------------------------------------------------
# Companies (all invented): name, segment, city key
# ---------------------------------------------------------------------------------------------

CUSTOMERS = [
    ("Copper Kettle Brewing Co.", "brewery", "milwaukee"),
    ("Bayside Brewing Company", "brewery", "portland_me"),
    ("Three Anchors Brewery", "brewery", "wilmington"),
    ("Old Mill Stream Brewing", "brewery", "asheville"),
    ("Tall Pines Brewing Co.", "brewery", "bellingham"),
    ("Riverbend Ale Works", "brewery", "grandrapids"),
    ("O'Rourke Brothers Brewing", "brewery", "buffalo"),
    ("Brasserie Saint-Rémi", "brewery", "sherbrooke"),
    ("Lantern Hill Cider & Ale", "brewery", "burlington"),
    ("Granite Peak Brewing", "brewery", "fortcollins"),
    ("Prairie Gold Dairy Cooperative", "food", "greenbay"),
    ("Sunfield Foods Inc.", "food", "fresno"),
    ("Harvest Ridge Packing", "food", "stockton"),
    ("Golden Acre Creamery", "food", "cedarrapids"),
    ("Kettle Creek Soups", "food", "allentown"),
    ("Northstar Poultry Processing", "food", "macon"),
    ("Coastal Catch Seafoods", "food", "newbedford"),
    ("Sweetwater Sugar Refining", "food", "batonrouge"),
    ("Orchard Lane Juice Co.", "food", "salem"),
    ("Hearthstone Bakeries", "food", "louisville"),
    ("Cascadia Cold Storage", "food", "eugene"),
    ("Big Muddy Rendering Co.", "food", "stlouis"),
    ("High Desert Dairy", "food", "ogden"),
    ("Larkspur Biologics", "food", "richmond"),
    ("Delta Bayou Chemical", "chemical", "lakecharles"),
    ("Ironwood Specialty Chemicals", "chemical", "beaumont"),
    ("Clearwater Resins LLC", "chemical", "houston"),
    ("Pelican Point Petrochemical", "chemical", "corpus"),
    ("Summit Coatings & Adhesives", "chemical", "cincinnati"),
    ("Keystone Polymer Works", "chemical", "erie"),
    ("Blackhawk Industrial Solvents", "chemical", "rockford"),
    ("Norlake Chlor-Alkali Ltd.", "chemical", "hamilton"),
    ("Tidewater Fertilizer Terminal", "chemical", "tampa"),
    ("Gulfport Marine Fabrication", "shipyard", "pascagoula"),
    ("Narrows Shipyard & Drydock", "shipyard", "tacoma"),
    ("Cape Alder Boatworks", "shipyard", "norfolk"),
    ("Mobile Bay Marine Repair", "shipyard", "mobile"),
    ("Bedford Basin Marine Services", "shipyard", "halifax"),
    ("Savannah River Tug & Barge", "shipyard", "savannah"),
    ("First Coast Ship Repair", "shipyard", "jacksonville"),
    ("North Fork Utility District", "municipal", "boise"),
    ("Granite Ridge Regional Water Authority", "municipal", "manchester"),
    ("Bay Hollow Sanitary District", "municipal", "oakland"),
    ("Tri-County Water Reclamation District", "municipal", "toledo"),
    ("Cedar Valley Municipal Utilities", "municipal", "peoria"),
    ("Red Mesa Water Cooperative", "municipal", "albuquerque"),
    ("Pine Lake Public Works Department", "municipal", "duluth"),
    ("Lowcountry Regional Wastewater Authority", "municipal", "charleston"),
    ("Saguaro Basin Water District", "municipal", "tucson"),
    ("Fraser Reach Water Commission", "municipal", "surrey"),
    ("Whitcomb, Hale & Co.", "contractor", "newhaven"),
    ("Brightline Mechanical Contractors", "contractor", "charlotte"),
    ("Ridgeway Process Piping", "contractor", "tulsa"),
    ("Kingsbridge Paper Mill", "industrial", "saginaw"),
    ("Stonefield Generating Station", "industrial", "pueblo"),
    ("Silver Creek Aggregates", "industrial", "reno"),
    ("Lakeview Ethanol Partners", "industrial", "fortwayne"),
    ("Ashbury Textile Finishing", "industrial", "providence"),
    ("Sudbury Basin Mining Services", "industrial", "sudbury"),
    ("Papeterie du Saint-Maurice", "industrial", "troisrivieres"),
]

PROSPECTS = [
    ("Hopyard Collective Brewing", "brewery", "albany"),
    ("Ferrous Creek Brewing", "brewery", "pittsburgh"),
    ("Sandhill Crane Brewery", "brewery", "knoxville"),
    ("Driftwood Coast Brewing", "brewery", "tampa"),
    ("Red Deer Craft Malt & Brew", "brewery", "reddeer"),
    ("Wild Onion Brewing", "brewery", "peoria"),
    ("Mill Pond Distilling & Brewing", "brewery", "worcester"),
    ("Bluestem Farms Creamery", "food", "rockford"),
    ("Palisade Fruit Packers", "food", "pueblo"),
    ("Blue Ridge Smokehouse", "food", "richmond"),
    ("Great Lakes Pasta Works", "food", "saginaw"),
    ("Sonoran Tortilla Company", "food", "tucson"),
    ("Sea Island Shrimp Co.", "food", "charleston"),
    ("Hilltop Pet Nutrition", "food", "fortwayne"),
    ("Valle Verde Canning", "food", "fresno"),
    ("Fromagerie Belle-Rivière", "food", "sherbrooke"),
    ("Fjordlight Aquaculture", "food", "portland_me"),
    ("Cypress Bend Chemical", "chemical", "batonrouge"),
    ("Meridian Coatings Group", "chemical", "newark"),
    ("Three Rivers Industrial Gases", "chemical", "pittsburgh"),
    ("Westbank Polymers", "chemical", "houston"),
    ("Lakehead Reagents Ltd.", "chemical", "sudbury"),
    ("Cobalt Bay Chemical Terminal", "chemical", "corpus"),
    ("Anvil Point Shipbuilding", "shipyard", "camden"),
    ("Harborline Ferries Maintenance", "shipyard", "bellingham"),
    ("Sabine Pass Marine", "shipyard", "beaumont"),
    ("Strait of Georgia Workboats", "shipyard", "surrey"),
    ("Elkhorn Valley Water District", "municipal", "ogden"),
    ("Upper Sandy Creek Utility Authority", "municipal", "macon"),
    ("Lake Erie Shores Sewer Authority", "municipal", "erie"),
    ("Snake River Rural Water Association", "municipal", "boise"),
    ("Bramble Creek Township Water & Sewer", "municipal", "grandrapids"),
    ("Chinook Regional Water Services", "municipal", "reddeer"),
    ("Coastal Plains Water Authority", "municipal", "savannah"),
    ("Dunmore Heights Public Utilities", "municipal", "louisville"),
    ("Brazos Bend Wastewater Treatment Plant", "municipal", "houston"),
    ("Pinecrest Mechanical Services", "contractor", "jacksonville"),
    ("Iron Range Process Solutions", "contractor", "duluth"),
    ("Copperline Mining Co.", "industrial", "tucson"),
    ("Northgate Power Cooperative", "industrial", "tulsa"),
]

# Companies in the address book that are neither customers nor prospects.
OTHER_COMPANIES = [
    ("Harbor Valve & Pump Co.", "self", "toledo"),
    ("Lindahl & Roper Consulting Engineers", "engineer", "cincinnati"),
    ("Brightwater Engineering Group", "engineer", "charlotte"),
    ("Vantor Pumps Inc.", "supplier", "rockford"),
    ("Apex Flow Controls", "supplier", "houston"),
    ("Great Plains Seal Supply", "supplier", "tulsa"),
    ("Keelhaul Freight Lines", "freight", "toledo"),
    ("Northern Trade Expos", "events", "milwaukee"),
]

STREET_NAMES = [
    "Foundry Rd", "Industrial Pkwy", "Harbor Dr", "Canal St", "Commerce Blvd", "Mill Race Ln",
    "Tannery Rd", "Riverside Ave", "Quarry Rd", "Wharf St", "Brewery Ln", "Plant Rd",
    "Terminal Way", "Depot St", "Kiln Ave", "Spillway Rd", "Pumphouse Ln", "Ironworks Dr",
    "Cooperage Way", "Drydock Rd", "Reservoir Rd", "Filtration Plant Rd", "Gristmill Rd",
    "Boiler House Ln", "Creamery Rd", "Levee Rd", "Switchyard Rd", "Silo Dr", "Bulkhead Ave",
    "Outfall Rd", "Turbine Way", "Tidewater Blvd", "Smelter Rd", "Cannery Row Ln",
    "Malt House Rd", "Packing House Rd", "Chemical Plant Rd", "Shipway Ave", "Weir St",
    "Aqueduct Rd", "Lock Keeper Ln", "Sluice Gate Rd", "Pier 9 Rd", "Rail Spur Dr",
]
CA_STREET_NAMES = [
    "rue des Forges", "boulevard de l'Usine", "chemin du Moulin", "Foundry Rd", "Harbour Dr",
    "Industrial Cres", "Wharf St", "Quarry Rd", "rue du Port", "Mill Race Rd",
]

# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------

FIRST_NAMES = [
    "James", "Maria", "Robert", "Linda", "Michael", "Patricia", "David", "Jennifer", "William",
    "Elizabeth", "Richard", "Susan", "Thomas", "Karen", "Daniel", "Nancy", "Matthew", "Lisa",
    "Anthony", "Sandra", "Mark", "Ashley", "Steven", "Kimberly", "Paul", "Donna", "Andrew",
    "Michelle", "Joshua", "Laura", "Kevin", "Rachel", "Brian", "Heather", "George", "Amanda",
    "Timothy", "Melissa", "Ryan", "Stephanie", "Gary", "Rebecca", "Eric", "Sharon", "Nicholas",
    "Cynthia", "Jacob", "Kathleen", "Jonathan", "Amy", "Larry", "Angela", "Frank", "Shirley",
    "Scott", "Brenda", "Raymond", "Pamela", "Gregory", "Nicole", "Samuel", "Christine",
    "Benjamin", "Debra", "Patrick", "Carolyn", "Dennis", "Janet", "Jerry", "Megan", "Tyler",
    "Olivia", "Aaron", "Hannah", "Wei", "Mei", "Rajesh", "Priya", "Hiroshi", "Yuki", "Carlos",
    "Lucia", "Miguel", "Ana", "Luis", "Rosa", "Ahmed", "Fatima", "Omar", "Layla", "Dmitri",
    "Irina", "Kwame", "Abena", "Tomasz", "Agnieszka", "Lars", "Ingrid", "Siobhan", "Declan",
    "Marcus", "Tasha", "Derek", "Colleen", "Trevor", "Brooke", "Wade", "Darlene", "Hector",
    "Gloria", "Curtis", "Renata", "Emeka", "Nadia", "Gus", "Bonnie",
]
FR_FIRST_NAMES = ["Mathieu", "Sophie", "Isabelle", "Julien", "Geneviève", "Martin", "Nathalie",
                  "Éric", "Chantal", "Olivier"]
LAST_NAMES = [
    "Anderson", "Baker", "Barnes", "Bishop", "Brennan", "Caldwell", "Carver", "Castillo", "Chen",
    "Cho", "Coleman", "Conway", "Dawson", "Delgado", "Doyle", "Dunbar", "Ellison", "Farrell",
    "Fischer", "Fleming", "Foster", "Garza", "Gibbs", "Goodwin", "Grady", "Griffin", "Hanson",
    "Harmon", "Hayes", "Hendricks", "Holt", "Hughes", "Ingram", "Jansen", "Jensen", "Kaur",
    "Keller", "Kendall", "Kim", "Lambert", "Larsen", "Lawson", "Lindgren", "Lopez", "Lowe",
    "Lucero", "Maddox", "Malone", "Marsh", "McBride", "McKenna", "Mendez", "Mercer", "Moreno",
    "Morrow", "Nakamura", "Nash", "Novak", "Nowak", "Oakley", "Okafor", "Olsen", "Ortega",
    "Osei", "Pace", "Park", "Perkins", "Pham", "Porter", "Quinn", "Ramos", "Rasmussen",
    "Rhodes", "Rivera", "Romero", "Rowe", "Salas", "Sandoval", "Schultz", "Shah", "Shaw",
    "Sherwood", "Singh", "Sloan", "Soto", "Stanton", "Stone", "Sullivan", "Tanaka", "Thornton",
    "Torres", "Tran", "Vance", "Vargas", "Vaughn", "Walsh", "Ward", "Webb", "Wheeler",
    "Whitaker", "Wilder", "Winslow", "Wolfe", "Yamada", "Yates", "Zhang", "Zielinski",
    "Abernathy", "Ackerman", "Bauer", "Blackwood", "Boateng", "Brandt", "Callahan",
    "Chowdhury", "Corbett", "Crowley", "Dalton", "Drummond", "Eastman", "Eriksen", "Fairbanks",
    "Galloway", "Haskins", "Hollis", "Iverson", "Kearney", "Kerr", "Langley", "Macintyre",
    "Navarro", "Ng", "Pacheco", "Radcliffe", "Sato", "Sokolov", "Stroud", "Talbot",
    "Underwood", "Vasquez", "Voss", "Whitlock", "Ybarra", "Lattimore", "Pruitt", "Ferreira",
]
FR_LAST_NAMES = ["Tremblay", "Gagnon", "Roy", "Lavoie", "Fortin", "Gauthier", "Morin",
                 "Lefebvre", "Pelletier", "Bélanger", "Lévesque", "Ouellet"]

# People whose names the brief asks for explicitly (accented names), fixed to a company.
FIXED_PEOPLE = [
    # first, last, company, title, source
    ("José", "Ibarra", "Sunfield Foods Inc.", "Maintenance Supervisor", "csv"),
    ("Zoë", "Whitfield", "Copper Kettle Brewing Co.", "Brewmaster", "csv"),
    ("Karl", "Müller", "Ironwood Specialty Chemicals", "Reliability Engineer", "csv"),
    ("Renée", "Gagnon", "Brasserie Saint-Rémi", "Directrice des opérations", "csv"),
    ("François", "Bélanger", "Papeterie du Saint-Maurice", "Maintenance Manager", "csv"),
    ("Hélène", "Côté", "Fromagerie Belle-Rivière", "Plant Manager", "vcf21"),
    ("Ana Sofía", "Ríos", "Sonoran Tortilla Company", "Operations Manager", "vcf30"),
]

TITLES = {
    "brewery": ["Brewmaster", "Head Brewer", "Owner", "Operations Manager", "Cellar Manager",
                "Maintenance Lead", "Purchasing Manager", "Packaging Manager"],
    "food": ["Plant Manager", "Maintenance Supervisor", "Purchasing Agent", "Sanitation Manager",
             "Reliability Engineer", "Plant Engineer", "Buyer", "Maintenance Manager",
             "Director of Operations"],
    "chemical": ["Maintenance Manager", "Reliability Engineer", "Process Engineer",
                 "Senior Buyer", "Procurement Specialist", "Plant Manager",
                 "Rotating Equipment Engineer", "Maintenance Planner"],
    "shipyard": ["Purchasing Agent", "Project Manager", "Marine Engineer",
                 "Yard Superintendent", "Buyer", "Port Engineer"],
    "municipal": ["City Engineer", "Utilities Director", "Water Plant Superintendent",
                  "Wastewater Operations Supervisor", "Public Works Director",
                  "Purchasing Coordinator", "Chief Operator", "Collections Supervisor"],
    "contractor": ["Project Manager", "Estimator", "Owner", "Superintendent",
                   "Purchasing Manager"],
    "industrial": ["Maintenance Manager", "Plant Engineer", "Purchasing Agent",
                   "Reliability Engineer", "Mill Superintendent", "Buyer"],
    "self": ["Inside Sales", "Service Manager", "Applications Engineer"],
    "engineer": ["Senior Project Engineer", "Principal Engineer", "Design Engineer"],
    "supplier": ["Regional Sales Manager", "Inside Sales Representative",
                 "Distributor Account Manager"],
    "freight": ["Account Representative"],
    "events": ["Exhibitor Services Coordinator"],
}
SENIOR_TITLES = {"Owner", "Plant Manager", "Utilities Director", "Public Works Director",
                 "Maintenance Manager", "Director of Operations", "Brewmaster", "City Engineer",
                 "Purchasing Manager", "Senior Buyer", "Purchasing Agent"}
DEPARTMENTS = {
    "Brewmaster": "Brewing", "Head Brewer": "Brewing", "Cellar Manager": "Brewing",
    "Packaging Manager": "Packaging", "Purchasing Manager": "Purchasing",
    "Purchasing Agent": "Purchasing", "Buyer": "Purchasing", "Senior Buyer": "Purchasing",
    "Procurement Specialist": "Procurement", "Purchasing Coordinator": "Purchasing",
    "Maintenance Supervisor": "Maintenance", "Maintenance Manager": "Maintenance",
    "Maintenance Lead": "Maintenance", "Maintenance Planner": "Maintenance",
    "Reliability Engineer": "Reliability", "Rotating Equipment Engineer": "Reliability",
    "Process Engineer": "Engineering", "Plant Engineer": "Engineering",
    "City Engineer": "Engineering", "Marine Engineer": "Engineering",
    "Water Plant Superintendent": "Water Treatment",
    "Wastewater Operations Supervisor": "Wastewater", "Chief Operator": "Wastewater",
    "Collections Supervisor": "Collections", "Sanitation Manager": "Sanitation",
}

# ---------------------------------------------------------------------------------------------
# Item catalogue: item, description, list price
# ---------------------------------------------------------------------------------------------

ITEMS = {
    "CP-3x2-CI": ("Centrifugal pump 3x2 cast iron, 10HP TEFC", 6850.00),
    "CP-4x3-316SS": ("Centrifugal pump 4x3 316SS", 14250.00),
    "CP-6x4-DI": ("Centrifugal pump 6x4 ductile iron, 40HP", 21900.00),
    "CP-4x3-BRZ": ("Centrifugal pump 4x3 bronze fitted, marine duty", 12400.00),
    "SP-4-SUB": ("Submersible wastewater pump 4in, 15HP", 11800.00),
    "SP-6-SUB": ("Submersible wastewater pump 6in, 30HP", 19650.00),
    "PD-LOBE-2": ("Rotary lobe pump 2in sanitary", 16400.00),
    "AODD-15-PP": ("Air-operated diaphragm pump 1-1/2in polypropylene", 2150.00),
    "AODD-20-AL": ("Air-operated diaphragm pump 2in aluminum", 2480.00),
    "CHM-FEED-20": ("Chemical metering pump 20 GPH, PVDF head", 1675.00),
    "BV-200-150": ("Butterfly valve 8in class 150", 865.00),
    "BV-300-150": ("Butterfly valve 12in class 150", 1740.00),
    "GV-150-CI": ("Gate valve 6in cast iron, resilient wedge", 1290.00),
    "GV-200-CI": ("Gate valve 8in cast iron, resilient wedge", 1985.00),
    "GV-100-BRZ": ("Gate valve 4in bronze, marine", 1120.00),
    "BAV-050-SS": ("Ball valve 2in 316SS 3-piece", 385.00),
    "BAV-100-PFA": ("Ball valve 4in PFA-lined class 150", 2340.00),
    "CKV-100-150": ("Swing check valve 4in class 150", 540.00),
    "SBV-150-SAN": ("Sanitary butterfly valve 1.5in tri-clamp", 148.00),
    "SBV-200-SAN": ("Sanitary butterfly valve 2in tri-clamp", 172.00),
    "ACT-PN-DA": ("Pneumatic actuator, double acting", 610.00),
    "ACT-EL-120": ("Electric actuator 120V on/off", 1380.00),
    "MS-SK-4X3": ("Mechanical seal kit for CP-4x3", 465.00),
    "MS-CART-175": ("Cartridge mechanical seal 1.75in", 1120.00),
    "GSK-EPDM-8": ("Gasket set EPDM 8in", 38.50),
    "IMP-4X3-316": ("Impeller 4x3 316SS", 1390.00),
    "BRG-KIT-CP": ("Bearing kit, centrifugal pump power frame", 285.00),
    "RAIL-KIT-4": ("Guide rail and discharge elbow kit 4in", 1460.00),
    "CTRL-DUPLEX": ("Duplex pump control panel NEMA 4X", 6250.00),
    "VFD-15HP": ("Variable frequency drive 15HP 480V", 3475.00),
    "SVC-HR": ("Field service technician, per hour", 135.00),
    "SVC-HR-OT": ("Field service technician overtime, per hour", 195.00),
    "SVC-PM-ANNUAL": ("Annual preventive maintenance contract", 14800.00),
    "SVC-REBUILD": ("Pump rebuild, shop labor", 2600.00),
    "SVC-SEALRPR": ("Mechanical seal repair (exchange)", 395.00),
    "FRT": ("Freight", 0.00),
}

# Opportunity kinds: description templates and the quote lines they lead to.
# Each line: item, min qty, max qty (a float max means fractional hours are allowed).
KINDS = {
    "pump_replace": (["{site} pump replacement", "Replace {n} process pumps at {site}",
                      "{site} - new 4x3 stainless pumps"],
                     [("CP-4x3-316SS", 1, 3), ("MS-SK-4X3", 1, 3), ("BRG-KIT-CP", 1, 2),
                      ("SVC-HR", 8, 24.0), ("FRT", 1, 1)]),
    "big_pump": (["{site} booster pump package", "{site} - 6x4 pump upgrade with VFD"],
                 [("CP-6x4-DI", 1, 2), ("VFD-15HP", 1, 2), ("BV-200-150", 2, 4),
                  ("CKV-100-150", 1, 2), ("SVC-HR", 16, 40.0), ("FRT", 1, 1)]),
    "sanitary_valves": (["Sanitary valves for {site} expansion",
                         "{site} - tri-clamp butterfly valves and actuators"],
                        [("SBV-150-SAN", 6, 24), ("SBV-200-SAN", 4, 16), ("ACT-PN-DA", 2, 8),
                         ("FRT", 1, 1)]),
    "lobe_pump": (["Lobe pump for {site} product transfer", "{site} - sanitary lobe pump"],
                  [("PD-LOBE-2", 1, 2), ("VFD-15HP", 1, 1), ("SBV-200-SAN", 2, 6),
                   ("SVC-HR", 4, 12.0)]),
    "butterfly_valves": (["{site} valve replacement - 8in and 12in butterfly valves",
                          "Butterfly valves with actuators for {site}"],
                         [("BV-200-150", 4, 12), ("BV-300-150", 2, 6), ("ACT-EL-120", 2, 6),
                          ("GSK-EPDM-8", 4, 12), ("FRT", 1, 1)]),
    "gate_valves": (["{site} gate valve rehabilitation", "Resilient wedge gate valves, {site}"],
                    [("GV-150-CI", 4, 12), ("GV-200-CI", 2, 8), ("SVC-HR", 16, 48.0)]),
    "seal_program": (["Mechanical seal stocking program", "{site} seal upgrade to cartridge seals",
                      "Turnaround spares - seals and bearings"],
                     [("MS-CART-175", 4, 12), ("MS-SK-4X3", 4, 10), ("BRG-KIT-CP", 2, 6),
                      ("SVC-SEALRPR", 2, 8)]),
    "service_contract": (["Preventive maintenance contract 2027", "Annual pump and valve service",
                          "{site} PM agreement"],
                         [("SVC-PM-ANNUAL", 1, 1), ("SVC-HR", 16, 40.0), ("SVC-HR-OT", 4, 12.0)]),
    "submersible": (["{site} lift station pump replacement", "Submersible pumps for {site}"],
                    [("SP-4-SUB", 2, 2), ("SP-6-SUB", 1, 2), ("RAIL-KIT-4", 2, 2),
                     ("CTRL-DUPLEX", 1, 1), ("SVC-HR", 12, 32.0), ("FRT", 1, 1)]),
    "lined_valves": (["PFA-lined valves for {site} acid service", "Lined ball valves, {site}"],
                     [("BAV-100-PFA", 4, 12), ("ACT-PN-DA", 4, 12), ("BAV-050-SS", 4, 20)]),
    "marine": (["Seawater pumps and valves for {site}", "{site} - bronze valves and pumps"],
               [("CP-4x3-BRZ", 1, 4), ("GV-100-BRZ", 4, 16), ("CKV-100-150", 2, 8),
                ("FRT", 1, 1)]),
    "chem_feed": (["{site} chemical feed pump upgrade", "Hypochlorite metering pumps, {site}"],
                  [("CHM-FEED-20", 2, 6), ("BAV-050-SS", 2, 8), ("SVC-HR", 4, 12.0),
                   ("FRT", 1, 1)]),
    "aodd": (["Diaphragm pumps for {site}", "{site} - AODD pump standardization"],
             [("AODD-15-PP", 2, 8), ("AODD-20-AL", 1, 6), ("CHM-FEED-20", 1, 4)]),
    "rebuild": (["{site} pump rebuild", "Rebuild {n} pumps from {site}"],
                [("SVC-REBUILD", 1, 4), ("IMP-4X3-316", 1, 3), ("BRG-KIT-CP", 1, 4),
                 ("MS-SK-4X3", 1, 4), ("SVC-HR", 4, 16.0)]),
}
SITES = {
    "brewery": ["brewhouse", "cellar", "packaging hall", "glycol loop", "CIP skid", "keg line"],
    "food": ["Line 3", "CIP system", "blending room", "Plant 2", "cook room",
             "wastewater pretreat"],
    "chemical": ["Unit 200", "tank farm", "acid unloading", "Reactor 4 area", "cooling water"],
    "shipyard": ["Hull 412", "drydock 2", "barge build", "fire main", "ballast system"],
    "municipal": ["Lift Station 4", "Lift Station 11", "raw water intake", "WWTP headworks",
                  "Elm St booster station", "sludge building", "Plant B filters"],
    "contractor": ["plant expansion", "chiller plant", "Building 7"],
    "industrial": ["stock prep", "boiler house", "cooling tower", "slurry circuit", "Mill 2"],
}
# Lead topics per segment, each with the kind of opportunity it turns into.
LEAD_TOPICS = {
    "brewery": [("Glycol pump replacement for the cellar", "pump_replace"),
                ("New brite tank transfer pump", "lobe_pump"),
                ("Sanitary butterfly valves for 30 bbl brewhouse expansion", "sanitary_valves"),
                ("CIP supply pump upgrade", "pump_replace"),
                ("Wort pump seal failures - recurring", "seal_program"),
                ("Keg washer pump rebuild", "rebuild"),
                ("Spare seal kits stocking program", "seal_program")],
    "food": [("Sanitary lobe pump for product transfer", "lobe_pump"),
             ("Washdown-rated pumps for new line", "pump_replace"),
             ("CIP return pump replacement", "pump_replace"),
             ("PM contract for pumps and valves", "service_contract"),
             ("Valve automation for the batch kitchen", "sanitary_valves"),
             ("Diaphragm pumps for tote unloading", "aodd")],
    "chemical": [("ANSI pump standardization (316SS)", "pump_replace"),
                 ("Diaphragm pumps for acid transfer", "aodd"),
                 ("Turnaround spares - mechanical seals", "seal_program"),
                 ("Lined ball valves for HCl service", "lined_valves"),
                 ("Actuated valve package for the tank farm", "lined_valves"),
                 ("Pump rebuilds after the turnaround", "rebuild"),
                 ("PM contract for the utilities area", "service_contract")],
    "shipyard": [("Bilge and ballast pumps for barge build", "marine"),
                 ("Fire pump overhaul - drydock", "rebuild"),
                 ("Seawater valve replacement program", "marine"),
                 ("Portable dewatering pumps", "pump_replace"),
                 ("Bronze gate valves for new hull", "marine")],
    "municipal": [("Lift station pump replacement", "submersible"),
                  ("Raw water intake valve rehabilitation", "butterfly_valves"),
                  ("Hypochlorite feed pump upgrade", "chem_feed"),
                  ("Sludge transfer pump replacement", "big_pump"),
                  ("Booster station pump and VFD package", "big_pump"),
                  ("Valve exercising service contract", "service_contract"),
                  ("Gate valve replacement on the distribution main", "gate_valves")],
    "contractor": [("Pumps and valves for plant expansion bid", "big_pump"),
                   ("Process piping valve package", "butterfly_valves"),
                   ("Chiller plant pump package", "big_pump")],
    "industrial": [("Slurry pump wear parts", "rebuild"),
                   ("Boiler feed pump rebuild", "rebuild"),
                   ("Cooling tower pump replacement", "big_pump"),
                   ("Dust suppression pump skid", "pump_replace"),
                   ("Stock pump seal upgrade", "seal_program"),
                   ("Valve replacement during the outage", "butterfly_valves")],
}
SEGMENT_KINDS = {seg: sorted({k for _, k in topics}) for seg, topics in LEAD_TOPICS.items()}

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def ascii_fold(text):
    """José -> Jose, Müller -> Mueller (German convention), Côté -> Cote."""
    text = text.replace("ü", "ue").replace("Ü", "Ue").replace("ö", "oe").replace("ä", "ae")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


SLUG_OVERRIDES = {
    "Brasserie Saint-Rémi": "brasserie-saintremi",
    "Papeterie du Saint-Maurice": "papeterie-stmaurice",
    "Fromagerie Belle-Rivière": "fromagerie-belleriviere",
    "O'Rourke Brothers Brewing": "orourkebrewing",
    "Red Deer Craft Malt & Brew": "reddeercraft",
}


def slug(name):
    if name in SLUG_OVERRIDES:
        return SLUG_OVERRIDES[name]
    words = re.findall(r"[a-z0-9]+", ascii_fold(name).lower())
    stop = {"co", "inc", "llc", "ltd", "company", "the", "of", "and", "du", "de"}
    words = [w for w in words if w not in stop]
    return "".join(words[:2])


def iso(d):
    return d.isoformat()


def rand_date(start, end):
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def weekday(d):
    """Moves a weekend date to the next Monday (sales teams book tasks on business days)."""
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def money(x):
    return "%.2f" % x


def qty_text(q):
    return str(int(q)) if float(q).is_integer() else ("%g" % q)


class Phones:
    """Hands out unique fictional numbers NPA-555-01xx."""

    def __init__(self):
        self.free = {}

    def take(self, area):
        if area not in self.free:
            pool = list(range(100, 200))
            rng.shuffle(pool)
            self.free[area] = pool
        return area, "555", "%04d" % self.free[area].pop()


PHONES = Phones()


def fmt_phone(p, style):
    a, b, c = p
    if style == "dash":
        return "%s-%s-%s" % (a, b, c)
    if style == "paren":
        return "(%s) %s-%s" % (a, b, c)
    if style == "intl":
        return "+1 %s %s %s" % (a, b, c)
    if style == "dots":
        return "%s.%s.%s" % (a, b, c)
    raise ValueError(style)


def postal_code(city_key):
    _, _, country, prefix, _, _ = CITIES[city_key]
    if country == "US":
        return prefix + "%02d" % rng.randint(1, 99)
    letters = "ABCEGHJKLMNPRSTVWXYZ"
    return "%s %d%s%d" % (prefix, rng.randint(0, 9), rng.choice(letters), rng.randint(0, 9))


def street_address(city_key):
    country = CITIES[city_key][2]
    name = rng.choice(CA_STREET_NAMES if country == "CA" and CITIES[city_key][1] == "QC"
                      else STREET_NAMES)
    number = rng.choice([rng.randint(10, 99), rng.randint(100, 999), rng.randint(1000, 9999)])
    if name.startswith(("rue", "boulevard", "chemin")):
        return "%d, %s" % (number, name)
    return "%d %s" % (number, name)


# ---------------------------------------------------------------------------------------------
# Build the world
# ---------------------------------------------------------------------------------------------


class Company:
    def __init__(self, kind, name, segment, city_key):
        self.kind = kind  # customer | prospect | other
        self.name = name
        self.segment = segment
        self.city_key = city_key
        city, state, country, _, area, territory = CITIES[city_key]
        self.city, self.state, self.country, self.area = city, state, country, area
        self.territory = territory
        self.address1 = street_address(city_key)
        roll = rng.random()
        self.address2 = ""
        if roll < 0.12:
            self.address2 = "Suite %d" % rng.choice([100, 110, 200, 210, 300, 450])
        elif roll < 0.20:
            self.address2 = "Building %s" % rng.choice("ABCD")
        elif roll < 0.26:
            self.address2 = "Gate %d" % rng.randint(1, 6)
        elif roll < 0.30:
            self.address2 = "PO Box %d" % rng.randint(100, 9999)
        self.postal_code = postal_code(city_key)
        self.phone = PHONES.take(area)
        tld = {"municipal": "example.org", "engineer": "example.net"}.get(
            segment, rng.choice(["example.com", "example.com", "example.net"]))
        self.domain = "%s.%s" % (slug(name), tld)
        if name == "Harbor Valve & Pump Co.":
            self.domain = "harborvalve.example.com"
        self.email_style = rng.choice(["first.last", "first.last", "flast", "firstl", "first"])
        self.people = []
        self.ref = None  # cust_num or prospect_id

    @property
    def country_erp(self):
        return "USA" if self.country == "US" else "Canada"

    @property
    def country_outlook(self):
        return "United States of America" if self.country == "US" else "Canada"


def build_companies():
    customers = [Company("customer", *c) for c in CUSTOMERS]
    prospects = [Company("prospect", *p) for p in PROSPECTS]
    others = [Company("other", *o) for o in OTHER_COMPANIES]
    # Customer numbers were handed out over the years: mix the segments before numbering.
    order = list(range(len(customers)))
    rng.shuffle(order)
    number = 100
    for i in order:
        number += rng.choice([1, 1, 1, 2, 3, 5])
        customers[i].ref = "C%06d" % number
    order = list(range(len(prospects)))
    rng.shuffle(order)
    for n, i in enumerate(order):
        prospects[i].ref = "P-%d" % (1001 + n)
    return customers, prospects, others


class Person:
    def __init__(self, first, last, company, title, source):
        self.first, self.last = first, last
        self.company = company
        self.title = title
        self.source = source  # csv | vcf30 | vcf21
        self.emails = []
        self.middle = ""
        self.salutation = ""
        self.suffix = ""
        self.nickname = ""
        self.business_phone = ""
        self.mobile_phone = ""
        self.notes = ""
        self.categories = ""
        self.birthday = "0/0/00"
        self.referred_by = ""
        self.department = ""
        self.web_page = ""
        self.company_main = ""
        self.email_label = ""

    @property
    def full_name(self):
        return " ".join(x for x in [self.first, self.middle, self.last] if x)

    @property
    def email(self):
        return self.emails[0] if self.emails else ""


def local_part(style, first, last):
    f = re.sub(r"[^a-z]", "", ascii_fold(first).lower())
    l_ = re.sub(r"[^a-z]", "", ascii_fold(last).lower())
    return {"first.last": "%s.%s" % (f, l_), "flast": f[0] + l_, "firstl": f + l_[0],
            "first": f}[style]


def build_people(customers, prospects, others):
    used_names = set()
    used_emails = set()
    people = []

    def unique_name(company):
        french = company.state == "QC"
        while True:
            first = rng.choice(FR_FIRST_NAMES if french and rng.random() < 0.8 else FIRST_NAMES)
            last = rng.choice(FR_LAST_NAMES if french and rng.random() < 0.8 else LAST_NAMES)
            if (first, last) not in used_names and last not in ("Patel", "Reyes"):
                used_names.add((first, last))
                return first, last

    def add(first, last, company, title, source):
        p = Person(first, last, company, title, source)
        used_names.add((first, last))
        company.people.append(p)
        people.append(p)
        return p

    by_name = {c.name: c for c in customers + prospects + others}
    for first, last, company_name, title, source in FIXED_PEOPLE:
        add(first, last, by_name[company_name], title, source)

    # Harbor Valve's own people in the rep's address book.
    hv = by_name["Harbor Valve & Pump Co."]
    add("Priya", "Raman", hv, "Inside Sales", "csv")
    add("Doug", "Lattimore", hv, "Service Manager", "csv")

    # Everybody else: every customer and prospect has at least one person.
    def fill(company, count, source="csv"):
        titles = list(TITLES[company.segment])
        rng.shuffle(titles)
        for i in range(count):
            first, last = unique_name(company)
            add(first, last, company, titles[i % len(titles)], source)

    csv_target, vcf_target = 197, 25
    for c in customers + prospects:
        if not c.people:
            fill(c, 1)
    for c in others:
        if c.name != "Harbor Valve & Pump Co.":
            fill(c, 1 if c.segment in ("freight", "events") else 2)
    weighted = customers * 3 + prospects * 1
    while len(people) < csv_target + vcf_target - 1:
        fill(rng.choice(weighted), 1)
    # The last one is a customer contact again, so the count is exact.
    fill(rng.choice(customers), 1)

    # Pick the vCard people: companies with at least two people, never Harbor Valve itself.
    fixed_vcf = [p for p in people if p.source != "csv"]
    candidates = [p for p in people if p.source == "csv" and p.company.segment != "self"
                  and len(p.company.people) >= 2 and p.first not in ("José", "Zoë", "Karl",
                                                                     "Renée", "François")]
    rng.shuffle(candidates)
    picked = candidates[: vcf_target - len(fixed_vcf)]
    for i, p in enumerate(sorted(picked, key=lambda q: people.index(q))):
        p.source = "vcf30" if i % 2 == 0 else "vcf21"
    assert sum(p.source != "csv" for p in people) == vcf_target
    assert sum(p.source == "csv" for p in people) == csv_target

    # Senior people first within each company (they become the primary contact).
    for c in customers + prospects + others:
        c.people.sort(key=lambda p: (p.title not in SENIOR_TITLES, people.index(p)))

    # People without any e-mail: csv only, never the only person of a company, never first.
    no_email = set()
    pool = [p for p in people if p.source == "csv" and p.company.kind != "other"
            and len(p.company.people) >= 2 and p.company.people[0] is not p]
    rng.shuffle(pool)
    for p in pool[:10]:
        no_email.add(id(p))

    for p in people:
        c = p.company
        p.department = DEPARTMENTS.get(p.title, "")
        if c.segment == "municipal" and not p.department:
            p.department = "Public Works"
        if id(p) not in no_email:
            base = local_part(c.email_style, p.first, p.last)
            address = "%s@%s" % (base, c.domain)
            n = 2
            while address in used_emails:
                address = "%s%d@%s" % (base, n, c.domain)
                n += 1
            p.emails.append(address)
            used_emails.add(address)
            r = rng.random()
            extra = 0 if r < 0.72 else (1 if r < 0.95 else 2)
            personal = ["mail.example.net", "inbox.example.org", "post.example.com"]
            for k in range(extra):
                dom = personal[(people.index(p) + k) % 3]
                base2 = local_part(rng.choice(["first.last", "firstl", "flast"]), p.first,
                                   p.last) + str(rng.randint(1, 99))
                address = "%s@%s" % (base2, dom)
                if address not in used_emails:
                    p.emails.append(address)
                    used_emails.add(address)
        area = c.area
        p.business_phone = ""
        if id(p) in no_email or rng.random() < 0.85:
            p.business_phone = fmt_phone(PHONES.take(area), rng.choice(["paren", "paren", "dash"]))
            if rng.random() < 0.15:
                p.business_phone += " x%d" % rng.randint(101, 499)
        if rng.random() < 0.6 or not p.business_phone:
            p.mobile_phone = fmt_phone(PHONES.take(area), rng.choice(["paren", "dash", "intl"]))
        if rng.random() < 0.35:
            p.company_main = fmt_phone(c.phone, "paren")
        if rng.random() < 0.10:
            p.middle = rng.choice("ABCDEJKLMRST") + "."
        if rng.random() < 0.12:
            p.salutation = rng.choice(["Mr.", "Ms.", "Mr.", "Ms.", "Dr."])
        if p.title in ("City Engineer", "Principal Engineer", "Senior Project Engineer") \
                and rng.random() < 0.7:
            p.suffix = "P.E."
        elif rng.random() < 0.02:
            p.suffix = rng.choice(["Jr.", "III"])
        nick = {"William": "Bill", "Robert": "Bob", "Kathleen": "Kate", "Richard": "Rick",
                "Thomas": "Tom", "Elizabeth": "Liz", "Samuel": "Sam", "Patricia": "Trish"}
        if p.first in nick and rng.random() < 0.5:
            p.nickname = nick[p.first]
        if rng.random() < 0.25:
            p.web_page = "https://www.%s/" % c.domain
        cats = []
        if c.kind == "customer":
            cats.append("Customer")
        elif c.kind == "prospect":
            cats.append("Prospect")
        if c.segment == "municipal" and rng.random() < 0.5:
            cats.append("Municipal")
        if rng.random() < 0.12:
            cats.append("Key Account")
        if rng.random() < 0.55:
            p.categories = ";".join(cats)
        if rng.random() < 0.05:
            p.birthday = "%d/%d/%d" % (rng.randint(1, 12), rng.randint(1, 28),
                                       rng.randint(1962, 1994))
    return people


# Notes: the segments they fit (None: anybody) and the text.
NOTES = [
    (None, "Prefers a call before 10am; on the plant floor after that."),
    (("municipal",), "Met at WEFTEC. Asked for pump curves for the 4x3 and 6x4."),
    (None, "Gatekeeper for all spare-parts orders. Needs quotes with freight broken out."),
    (None, "Retiring next spring - ask who takes over purchasing."),
    (None, "Net 45 terms only, PO required before we ship."),
    (("chemical", "industrial", "shipyard"),
     "Very technical - send full datasheets, not brochures."),
    (("food", "brewery"),
     "Site visit 2026-03-12:\r\n- (2) 4x3 pumps on CIP supply, seals leaking\r\n"
     "- wants stainless impellers\r\nFollow up after budget meeting in April."),
    (("municipal",),
     "Replacing the 12\" ductile iron header at the intake.\r\n"
     "Needs 12\" butterfly valves, class 150, EPDM seats.\r\nAsk about Buy America paperwork."),
    (None, "Main contact for the plant, but engineering signs off.\r\n"
     "Cell is best; desk phone goes to voicemail."),
    (("food", "chemical"),
     "Uses \"Acme-style\" quick-disconnects on the tanker hoses, 3\" and 4\".\r\n"
     "Send the adapter part numbers."),
    (("brewery",), "Brewhouse expansion, 30 bbl, phase 2 in 2027.\r\n\r\nLikes tri-clamp "
     "everything, hates threaded fittings."),
]


def assign_notes(people):
    csv_people = [p for p in people if p.source == "csv" and p.company.kind != "other"]
    rng.shuffle(csv_people)
    free = list(csv_people)
    for segments, note in NOTES:
        p = next(q for q in free if segments is None or q.company.segment in segments)
        p.notes = note
        free.remove(p)
    for p in free[:8]:
        p.notes = rng.choice([
            "Met at the %s trade show, %s booth." % (
                {"municipal": "WEFTEC", "brewery": "CBC", "food": "Pack Expo"}.get(
                    p.company.segment, "Turbomachinery"), rng.choice(["our", "Vantor's"])),
            "Referred by %s." % rng.choice(["the Vantor rep", "Lindahl & Roper", "a customer"]),
            "Orders seals every quarter, usually 4-6 kits.",
            "Ask for %s, not the main desk." % p.first,
        ])
    # A few people were referred by somebody.
    for p in free[-4:]:
        p.referred_by = rng.choice(["Lindahl & Roper Consulting Engineers", "Vantor Pumps Inc.",
                                    "Doug Lattimore"])


# ---------------------------------------------------------------------------------------------
# CSV writing
# ---------------------------------------------------------------------------------------------


def csv_field(value, quote_all=False):
    value = "" if value is None else str(value)
    if quote_all or any(ch in value for ch in ',"\r\n') or value != value.strip():
        return '"' + value.replace('"', '""') + '"'
    return value


def write_csv(rel, header, rows, quote_all=False, eol="\n"):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    out = io.StringIO()
    for row in [header] + rows:
        assert len(row) == len(header), (rel, row)
        out.write(",".join(csv_field(v, quote_all) for v in row) + eol)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())


def write_text(rel, text):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


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


def outlook_row(p):
    c = p.company
    r = dict.fromkeys(OUTLOOK_HEADER, "")
    r["First Name"], r["Middle Name"], r["Last Name"] = p.first, p.middle, p.last
    r["Title"], r["Suffix"], r["Nickname"] = p.salutation, p.suffix, p.nickname
    for i, col in enumerate(["E-mail Address", "E-mail 2 Address", "E-mail 3 Address"]):
        r[col] = p.emails[i] if i < len(p.emails) else ""
    r["Mobile Phone"] = p.mobile_phone
    r["Business Phone"] = p.business_phone
    r["Company Main Phone"] = p.company_main
    r["Referred By"] = p.referred_by
    r["Company"], r["Job Title"], r["Department"] = c.name, p.title, p.department
    street = c.address1
    if c.address2.startswith("PO Box"):
        r["Business Address PO Box"] = c.address2
    else:
        r["Business Street 2"] = c.address2
    r["Business Street"] = street
    r["Business City"], r["Business State"] = c.city, c.state
    r["Business Postal Code"] = c.postal_code
    r["Business Country/Region"] = c.country_outlook
    r["Sensitivity"], r["Priority"], r["Private"] = "Normal", "Normal", "False"
    r["Categories"], r["Notes"] = p.categories, p.notes
    r["Birthday"], r["Anniversary"] = p.birthday, "0/0/00"
    r["Web Page"] = p.web_page
    return [r[h] for h in OUTLOOK_HEADER]


# ---------------------------------------------------------------------------------------------
# vCards
# ---------------------------------------------------------------------------------------------


def v3_escape(text):
    return (text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold75(line):
    """RFC 2425/6350 folding: at most 75 octets per physical line (ASCII lines only here)."""
    assert all(ord(ch) < 128 for ch in line)
    parts = [line[:75]]
    rest = line[75:]
    while rest:
        parts.append(" " + rest[:74])
        rest = rest[74:]
    return "\r\n".join(parts)


def qp_all(text):
    """Android style: every byte as =XX."""
    return "".join("=%02X" % b for b in text.encode("utf-8"))


def qp_soft(value, prefix_len):
    """Quoted-printable with soft line breaks: each physical line at most 76 characters."""
    encoded = []
    for b in value.encode("utf-8"):
        ch = chr(b)
        if 33 <= b <= 126 and ch != "=" or ch == " ":
            encoded.append(ch)
        else:
            encoded.append("=%02X" % b)
    lines, current, width = [], "", 76 - prefix_len
    for token in encoded:
        if len(current) + len(token) > width - 1:  # keep room for the soft-break "="
            lines.append(current + "=")
            current, width = "", 76
        current += token
    lines.append(current)
    return "\r\n".join(lines)


def qp_android(text, prefix_len):
    """Every byte as =XX, with Android's soft line breaks when the line gets long."""
    tokens = ["=%02X" % b for b in text.encode("utf-8")]
    lines, current, width = [], "", 76 - prefix_len
    for token in tokens:
        if len(current) + len(token) > width - 1:
            lines.append(current + "=")
            current, width = "", 76
        current += token
    lines.append(current)
    return "\r\n".join(lines)


V3_LABELS = ["Plant office", "Purchasing", "_$!<Other>!$_", "Work (new)", "Shop"]
LONG_NOTE_V3 = ("Met at the CBC booth, April 2026. Runs two 4x3 CIP pumps and a lobe pump on "
                "the brite tanks; wants pricing on cartridge seals, a spare impeller and a "
                "service visit before the summer rush.")
LONG_NOTE_V21 = ("Called 2026-09-14 about the lift station.\r\nBoth 6in submersibles trip on "
                 "high temp in August; duplex panel is 20 years old. Wants budget numbers for "
                 "replacement plus guide rails before the board meeting on 2026-10-06 "
                 "(capital plan = FY2027).")


def vcard(p, index):
    c = p.company
    lines = ["BEGIN:VCARD"]
    adr = [c.address2 if c.address2.startswith("PO Box") else "", "",
           c.address1 if not c.address2 or c.address2.startswith("PO Box")
           else c.address1 + ", " + c.address2, c.city, c.state, c.postal_code,
           "United States" if c.country == "US" else "Canada"]
    if p.source == "vcf30":
        lines += ["VERSION:3.0", "PRODID:-//Apple Inc.//iPhone OS 17.6.1//EN"]
        lines.append("N:%s;%s;%s;;" % (v3_escape(p.last), v3_escape(p.first),
                                       v3_escape(p.middle)))
        lines.append("FN:%s" % v3_escape(p.full_name))
        lines.append("ORG:%s;%s" % (v3_escape(c.name), v3_escape(p.department)))
        lines.append("TITLE:%s" % v3_escape(p.title))
        group = 1
        if index % 4 != 3:  # most iPhone cards: the e-mail has a custom label
            pref = ";type=pref" if index % 3 == 0 else ""
            lines.append("item%d.EMAIL;type=INTERNET%s:%s" % (group, pref, p.email))
            lines.append("item%d.X-ABLabel:%s" % (group, V3_LABELS[index % len(V3_LABELS)]))
            group += 1
        else:
            lines.append("EMAIL;type=INTERNET;type=WORK;type=pref:%s" % p.email)
        for extra in p.emails[1:]:
            lines.append("EMAIL;type=INTERNET;type=HOME:%s" % extra)
        if p.mobile_phone:
            lines.append("TEL;type=CELL;type=VOICE;type=pref:%s" % p.mobile_phone)
        if p.business_phone:
            lines.append("TEL;type=WORK;type=VOICE:%s" % p.business_phone)
        if not p.mobile_phone and not p.business_phone:
            lines.append("TEL;type=WORK;type=VOICE:%s" % fmt_phone(c.phone, "paren"))
        lines.append("item%d.ADR;type=WORK;type=pref:%s" % (group, ";".join(v3_escape(x)
                                                                           for x in adr)))
        lines.append("item%d.X-ABADR:%s" % (group, c.country.lower()))
        if p.notes:
            lines.append("NOTE:%s" % v3_escape(p.notes))
    else:
        lines.append("VERSION:2.1")
        needs_qp = any(ord(ch) > 127 for ch in p.first + p.last)
        if needs_qp:
            lines.append("N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:%s;%s;;;"
                         % (qp_all(p.last), qp_all(p.first)))
            lines.append("FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:%s" % qp_all(p.full_name))
        else:
            lines.append("N:%s;%s;%s;;" % (p.last, p.first, p.middle))
            lines.append("FN:%s" % p.full_name)
        if p.mobile_phone:
            lines.append("TEL;CELL:%s" % p.mobile_phone.replace("(", "").replace(") ", "-"))
        if p.business_phone or not p.mobile_phone:
            work = p.business_phone or fmt_phone(c.phone, "dash")
            lines.append("TEL;WORK:%s" % work.replace("(", "").replace(") ", "-"))
        lines.append("EMAIL;WORK:%s" % p.email)
        for extra in p.emails[1:]:
            lines.append("EMAIL;HOME:%s" % extra)
        if any(ord(ch) > 127 for ch in c.name):
            prefix = "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
            lines.append(prefix + qp_android(c.name, len(prefix)))
        else:
            lines.append("ORG:%s" % c.name)
        lines.append("TITLE:%s" % p.title)
        adr_line = ";".join(adr)
        if any(ord(ch) > 127 for ch in adr_line):
            prefix = "ADR;WORK;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
            lines.append(prefix + qp_android(adr_line, len(prefix)))
        else:
            lines.append("ADR;WORK:%s" % adr_line)
        if p.notes:
            prefix = "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
            lines.append(prefix + qp_soft(p.notes, len(prefix)))
    lines.append("END:VCARD")
    out = []
    for line in lines:
        if line.startswith("NOTE:") and len(line.encode("utf-8")) > 75:
            out.append(fold75(line))
        else:
            out.append(line)
    return "\r\n".join(out) + "\r\n"


# ---------------------------------------------------------------------------------------------
# Main generation
# ---------------------------------------------------------------------------------------------


def main():
    customers, prospects, others = build_companies()
    domains = [c.domain for c in customers + prospects + others]
    assert len(domains) == len(set(domains)), "two companies share an e-mail domain"
    people = build_people(customers, prospects, others)
    assign_notes(people)
    # The long vCard notes (one folded 3.0 line, one 2.1 quoted-printable note with soft breaks).
    vcf30 = [p for p in people if p.source == "vcf30"]
    vcf21 = [p for p in people if p.source == "vcf21"]
    for p in vcf30 + vcf21:
        p.notes = ""
    brewers = [p for p in vcf30 if p.company.segment == "brewery"] or vcf30
    brewers[0].notes = LONG_NOTE_V3
    [p for p in vcf30 if p is not brewers[0]][-1].notes = "Prefers text messages, replies fast."
    municipal21 = [p for p in vcf21 if p.company.segment == "municipal"
                   and all(ord(ch) < 128 for ch in p.first + p.last)] or vcf21[1:]
    municipal21[0].notes = LONG_NOTE_V21

    cust_by_ref = {c.ref: c for c in customers}
    pros_by_ref = {p.ref: p for p in prospects}

    # ---- value lists --------------------------------------------------------------------
    write_csv("plan/values/lead-status.csv", ["code", "description"],
              [list(x) for x in LEAD_STATUS])
    write_csv("plan/values/opportunity-status.csv", ["code", "description", "outcome"],
              [list(x) for x in OPPORTUNITY_STATUS])
    write_csv("plan/values/opportunity-source.csv", ["code", "description"],
              [list(x) for x in OPPORTUNITY_SOURCE])
    write_csv("plan/values/opportunity-stage.csv",
              ["code", "description", "chance_to_close", "sequence"],
              [[a, b, str(c), str(d)] for a, b, c, d in OPPORTUNITY_STAGE])
    write_csv("plan/values/won-reason.csv", ["code", "description"], [list(x) for x in WON_REASON])
    write_csv("plan/values/lost-reason.csv", ["code", "description"],
              [list(x) for x in LOST_REASON])
    write_csv("plan/values/task-type.csv", ["code", "description"], [list(x) for x in TASK_TYPE])
    write_csv("plan/values/territory.csv", ["code", "description"], [list(x) for x in TERRITORY])

    # ---- live customers -----------------------------------------------------------------
    rows = []
    for c in sorted(customers, key=lambda c: c.ref):
        roll = rng.random()
        if roll < 0.08:
            email = ""
        elif c.segment == "municipal":
            email = rng.choice(["publicworks", "purchasing", "utilities"]) + "@" + c.domain
        else:
            email = "%s@%s" % (rng.choice(["orders", "purchasing", "ap", "info", "maintenance"]),
                               c.domain)
        rows.append([c.ref, c.name, c.address1, c.address2, c.city, c.state, c.postal_code,
                     c.country_erp, fmt_phone(c.phone, "dash"), email, c.territory])
    write_csv("live/customers.csv", ["cust_num", "name", "address1", "address2", "city", "state",
                                     "postal_code", "country", "phone", "email", "territory"], rows)

    # ---- prospects ----------------------------------------------------------------------
    rows = []
    for p in sorted(prospects, key=lambda c: c.ref):
        website = "" if rng.random() < 0.15 else \
            rng.choice(["www.", "https://www.", "www."]) + p.domain
        rows.append([p.ref, p.name, p.address1, p.address2, p.city, p.state, p.postal_code,
                     p.country_erp, fmt_phone(p.phone, "dash"), website, p.territory])
    write_csv("plan/prospects.csv", ["prospect_id", "name", "address1", "address2", "city",
                                     "state", "postal_code", "country", "phone", "website",
                                     "territory"], rows)

    # ---- contacts.csv (Outlook export) --------------------------------------------------
    csv_people = [p for p in people if p.source == "csv"]
    # Outlook exports in the order contacts were created, roughly: shuffle once.
    rng.shuffle(csv_people)
    rows = [outlook_row(p) for p in csv_people]
    # Three people were in the address book twice (imported from a phone and typed by hand).
    dup_pool = [i for i, p in enumerate(csv_people) if p.emails and p.company.kind == "customer"
                and not p.notes]
    dups = sorted(rng.sample(dup_pool, 3))
    copies = [(min(len(rows), i + 25 + 31 * k), list(rows[i])) for k, i in enumerate(dups)]
    for where, row in sorted(copies, key=lambda x: -x[0]):
        rows.insert(where, row)
    write_csv("plan/contacts.csv", OUTLOOK_HEADER, rows, quote_all=True, eol="\r\n")

    # ---- contacts.vcf -------------------------------------------------------------------
    vcf_people = [p for p in people if p.source != "csv"]
    rng.shuffle(vcf_people)
    write_text("plan/contacts.vcf", "".join(vcard(p, i) for i, p in enumerate(vcf_people)))

    # ---- contact links ------------------------------------------------------------------
    def linked(company):
        return [p for p in company.people if p.emails]

    rows = []
    for c in sorted(prospects, key=lambda c: c.ref):
        for i, p in enumerate(linked(c)):
            rows.append([c.ref, p.email, "1" if i == 0 else "0"])
    write_csv("plan/prospect-contacts.csv", ["prospect_id", "contact_email", "primary"], rows)
    rows = []
    for c in sorted(customers, key=lambda c: c.ref):
        for i, p in enumerate(linked(c)):
            rows.append([c.ref, p.email, "1" if i == 0 else "0"])
    write_csv("plan/customer-contacts.csv", ["cust_num", "contact_email", "primary"], rows)

    # ---- leads --------------------------------------------------------------------------
    leads = []
    n_leads, n_converted = 100, 30
    lead_entities = [rng.choice(customers) if rng.random() < 0.42 else rng.choice(prospects)
                     for _ in range(n_leads)]
    converted_idx = set(rng.sample(range(n_leads), n_converted))
    for i, ent in enumerate(lead_entities):
        if i in converted_idx:
            status = "CONVERTED"
            created = rand_date(dt.date(2026, 1, 5), dt.date(2026, 9, 30))
        else:
            created = rand_date(dt.date(2026, 1, 5), dt.date(2026, 11, 27))
            if created >= dt.date(2026, 10, 20):
                status = rng.choice(["NEW", "NEW", "NEW", "CONTACTED"])
            else:
                status = rng.choice(["CONTACTED", "QUALIFIED", "QUALIFIED", "NURTURE", "NURTURE",
                                     "NORESPONSE", "DISQUAL"])
        created = weekday(created)
        if ent.kind == "customer":
            source = rng.choice(["EXISTING", "EXISTING", "EXISTING", "REFERRAL", "WEBSITE",
                                 "MAILING"])
        elif ent.segment == "municipal":
            source = rng.choice(["BIDBOARD", "BIDBOARD", "REFERRAL", "TRADESHOW", "PARTNER"])
        else:
            source = rng.choice(["TRADESHOW", "WEBSITE", "COLDCALL", "PARTNER", "MAILING",
                                 "REFERRAL"])
        contact = None
        if linked(ent) and rng.random() < 0.8:
            contact = rng.choice(linked(ent))
        topic, kind = rng.choice(LEAD_TOPICS[ent.segment])
        leads.append({"ent": ent, "topic": topic, "kind": kind, "contact": contact,
                      "status": status,
                      "source": source, "created": created})
    leads.sort(key=lambda l: l["created"])
    for n, lead in enumerate(leads):
        lead["id"] = "L-%d" % (2001 + n)
    rows = []
    for lead in leads:
        ent = lead["ent"]
        rows.append([lead["id"], lead["topic"],
                     ent.ref if ent.kind == "customer" else "",
                     ent.ref if ent.kind == "prospect" else "",
                     lead["contact"].email if lead["contact"] else "",
                     lead["status"], lead["source"], iso(lead["created"])])
    write_csv("plan/leads.csv", ["lead_id", "topic", "cust_num", "prospect_id", "contact_email",
                                 "status", "source", "created_on"], rows)

    # ---- opportunities ------------------------------------------------------------------
    statuses = (["OPEN"] * 14 + ["QUOTED"] * 12 + ["NEGOT"] * 8 + ["ONHOLD"] * 3 +
                ["WON"] * 11 + ["LOST"] * 7 + ["NOBID"] * 2 + ["CANCEL"] * 3)
    converted = [l for l in leads if l["status"] == "CONVERTED"]
    opp_specs = [{"lead": l, "ent": l["ent"]} for l in converted]
    while len(opp_specs) < len(statuses):
        ent = rng.choice(customers) if rng.random() < 0.75 else rng.choice(prospects)
        opp_specs.append({"lead": None, "ent": ent})
    rng.shuffle(opp_specs)
    rng.shuffle(statuses)
    # Open leads that converted late should not be the ones already won or quoted long ago.
    outcome = {c: o for c, _, o in OPPORTUNITY_STATUS}
    stage_chance = {c: ch for c, _, ch, _ in OPPORTUNITY_STAGE}
    stage_codes = [c for c, _, _, _ in OPPORTUNITY_STAGE]
    opps = []
    for n, (spec, status) in enumerate(zip(opp_specs, statuses)):
        ent, lead = spec["ent"], spec["lead"]
        kind = lead["kind"] if lead else rng.choice(SEGMENT_KINDS[ent.segment])
        desc = rng.choice(KINDS[kind][0]).format(site=rng.choice(SITES[ent.segment]),
                                                 n=rng.choice(["two", "three", "four"]))
        desc = desc[0].upper() + desc[1:]
        contact = lead["contact"] if lead and lead["contact"] else (
            rng.choice(linked(ent)) if linked(ent) and rng.random() < 0.85 else None)
        source = lead["source"] if lead else ("EXISTING" if ent.kind == "customer"
                                              else rng.choice(["REFERRAL", "TRADESHOW",
                                                               "WEBSITE"]))
        stage, chance = "", ""
        won_reason = lost_reason = ""
        if outcome[status] == "open":
            stage = {"OPEN": rng.choice(["PROSPECT", "QUALIFY", "QUALIFY", "NEEDS"]),
                     "QUOTED": "PROPOSAL",
                     "NEGOT": rng.choice(["NEGOTIATE", "NEGOTIATE", "VERBAL"]),
                     "ONHOLD": rng.choice(["NEEDS", "PROPOSAL"])}[status]
            roll = rng.random()
            if roll < 0.4:
                chance = ""
            elif roll < 0.85:
                chance = str(stage_chance[stage])
            else:  # the rep nudged it up, but not past the next stage's default
                i = stage_codes.index(stage)
                upper = stage_chance[stage_codes[i + 1]] - 5 if i + 1 < len(stage_codes) else 95
                chance = str(rng.randrange(stage_chance[stage], upper + 1, 5))
        elif outcome[status] == "won":
            chance = "100"
            won_reason = rng.choice([c for c, _ in WON_REASON])
        else:
            chance = "0"
            if status == "LOST":
                lost_reason = rng.choice(["PRICE", "PRICE", "LEADTIME", "COMPETITOR",
                                          "SPECMISS", "NODECISION"] +
                                         (["BUYAMERICA"] if ent.segment == "municipal" else []))
            elif status == "NOBID":
                lost_reason = rng.choice(["SPECMISS", "BUYAMERICA", "LEADTIME"])
            else:
                lost_reason = rng.choice(["NOBUDGET", "NODECISION", ""])
        if outcome[status] == "open":
            close = rand_date(dt.date(2026, 12, 1), dt.date(2027, 6, 30))
        else:
            close = rand_date(dt.date(2026, 12, 1), dt.date(2027, 1, 31))
        opps.append({"ent": ent, "lead": lead, "kind": kind, "desc": desc, "contact": contact,
                     "status": status, "source": source, "stage": stage, "chance": chance,
                     "won": won_reason, "lost": lost_reason, "close": weekday(close)})
    for n, o in enumerate(opps):
        o["id"] = "O-%d" % (3001 + n)
        lo, hi = {"service_contract": (12000, 38000), "big_pump": (45000, 160000),
                  "submersible": (40000, 95000), "seal_program": (6000, 28000),
                  "aodd": (5000, 22000), "rebuild": (4500, 18000)}.get(o["kind"], (9000, 65000))
        o["value"] = round(rng.uniform(lo, hi) / 250) * 250.0

    # ---- quotes -------------------------------------------------------------------------
    # Every QUOTED opportunity has its quote in the system; some others were quoted by e-mail
    # or ordered off a price list, so only part of them have one.
    def some(status, n):
        return [o for o in opps if o["status"] == status][:n]

    quoted = some("QUOTED", 99) + some("NEGOT", 6) + some("WON", 6) + some("LOST", 2)
    quotes = []
    for o in quoted:
        earliest = dt.date(2026, 6, 15)
        if o["lead"]:
            earliest = max(earliest, o["lead"]["created"] + dt.timedelta(days=21))
        qdate = weekday(rand_date(earliest, dt.date(2026, 11, 13)))
        quotes.append({"opp": o, "ent": o["ent"], "date": qdate})
    # Two opportunities got a revised quote.
    for o in [q["opp"] for q in quotes if q["opp"]["status"] == "NEGOT"][:2]:
        first = [q for q in quotes if q["opp"] is o][0]
        revised = weekday(first["date"] + dt.timedelta(days=rng.randint(9, 20)))
        revised = min(revised, dt.date(2026, 11, 19))
        assert revised > first["date"]
        quotes.append({"opp": o, "ent": o["ent"], "date": revised, "revision": True})
    # Two quick spare-parts quotes without an opportunity.
    for ent in rng.sample(customers, 2):
        quotes.append({"opp": None, "ent": ent,
                       "date": weekday(rand_date(dt.date(2026, 9, 1), dt.date(2026, 11, 18))),
                       "spares": True})
    quotes.sort(key=lambda q: (q["date"], q["opp"]["id"] if q["opp"] else ""))
    quote_rows, line_rows = [], []
    for n, q in enumerate(quotes):
        q["id"] = "Q-%d" % (5001 + n)
        if q.get("spares"):
            lines_spec = [("MS-SK-4X3", 2, 6), ("BRG-KIT-CP", 1, 4), ("IMP-4X3-316", 1, 1),
                          ("GSK-EPDM-8", 4, 10)]
            lines_spec = lines_spec[: rng.randint(2, 4)]
        else:
            spec = KINDS[q["opp"]["kind"]][1]
            lines_spec = [spec[0]] + [x for x in spec[1:] if rng.random() < 0.75]
            lines_spec = lines_spec[:6]
        discount_base = rng.choice([0, 0, 5, 5, 7.5, 10])
        total = 0.0
        for line_no, (item, lo, hi) in enumerate(lines_spec, start=1):
            desc, price = ITEMS[item]
            if isinstance(hi, float):
                qty = rng.randint(int(lo * 2), int(hi * 2)) / 2.0
            else:
                qty = rng.randint(lo, hi)
            if item == "FRT":
                price = rng.choice([0.0, 185.0, 240.0, 365.0, 410.0, 650.0])
                if price == 0.0:
                    desc = "Freight - prepaid and allowed"
                disc = 0
            elif item.startswith("SVC"):
                disc = 0
            else:
                disc = discount_base if rng.random() < 0.8 else min(15, discount_base + 5)
            if q.get("revision") and disc < 15 and not item.startswith(("SVC", "FRT")):
                disc = min(15, disc + 2.5)
            total += qty * price * (1 - disc / 100.0)
            line_rows.append([q["id"], str(line_no), item, desc, qty_text(qty), money(price),
                              qty_text(disc)])
        q["total"] = total
        valid = q["date"] + dt.timedelta(days=rng.choice([30, 30, 45, 60, 90]))
        note = ""
        if q.get("revision"):
            note = "Revision B: extra 2.5% on hardware per phone call, freight unchanged."
        elif q.get("spares"):
            note = "Spare parts, ship from stock. Prices firm for 30 days."
        elif rng.random() < 0.5:
            note = rng.choice([
                "Lead time 6-8 weeks ARO, FOB Toledo.",
                "Pricing per Vantor project registration #VR-%d." % rng.randint(10000, 99999),
                "Includes start-up assistance, 1 day, weekdays only.",
                "Budgetary quote; final pricing after site survey.",
                "Stainless pumps quoted with 316SS impellers, \"no substitutes\" per spec.",
                "Net 30.\nPrices exclude sales tax; tax-exempt certificate on file.",
            ])
        ent = q["ent"]
        quote_rows.append([q["id"], ent.ref if ent.kind == "customer" else "",
                           ent.ref if ent.kind == "prospect" else "",
                           q["opp"]["id"] if q["opp"] else "", iso(q["date"]), iso(valid), note])
    # Estimated value of a quoted opportunity follows its latest quote.
    for o in opps:
        qs = [q for q in quotes if q["opp"] is o]
        if qs:
            o["value"] = round(qs[-1]["total"] / 50) * 50.0
            o["quote_dates"] = [q["date"] for q in qs]
            o["quote_ids"] = [q["id"] for q in qs]
    # A couple of unrounded estimates, as typed by reps.
    for o in [o for o in opps if "quote_ids" not in o][:3]:
        o["value"] += rng.choice([0.5, 12.75, 37.2])
    write_csv("plan/quotes.csv", ["quote_id", "cust_num", "prospect_id", "opportunity_id",
                                  "quote_date", "valid_until", "notes"], quote_rows)
    write_csv("plan/quote-lines.csv", ["quote_id", "line_no", "item", "description", "quantity",
                                       "unit_price", "discount_percent"], line_rows)

    rows = []
    for o in opps:
        ent = o["ent"]
        rows.append([o["id"], o["desc"], ent.ref if ent.kind == "customer" else "",
                     ent.ref if ent.kind == "prospect" else "",
                     o["contact"].email if o["contact"] else "",
                     o["lead"]["id"] if o["lead"] else "", o["status"], o["source"], o["stage"],
                     money(o["value"]), o["chance"], iso(o["close"]), o["won"], o["lost"]])
    write_csv("plan/opportunities.csv", ["opportunity_id", "description", "cust_num",
                                         "prospect_id", "contact_email", "lead_id", "status",
                                         "source", "stage", "estimated_value", "chance_to_close",
                                         "projected_close", "won_reason", "lost_reason"], rows)

    # ---- tasks --------------------------------------------------------------------------
    # The tasks an opportunity went through, by status; quoted ones have QUOTE at the quote date.
    plans = {
        "OPEN": ["CALL", "EMAIL", "SITEVISIT"],
        "QUOTED": ["CALL", "QUOTE", "FOLLOWUP"],
        "NEGOT": ["SITEVISIT", "QUOTE", "MEETING", "FOLLOWUP"],
        "ONHOLD": ["CALL", "FOLLOWUP"],
        "WON": ["CALL", "DEMO", "QUOTE", "FOLLOWUP", "MEETING"],
        "LOST": ["CALL", "QUOTE", "FOLLOWUP"],
        "NOBID": ["CALL", "EMAIL"],
        "CANCEL": ["CALL", "MEETING"],
    }
    counts = {"OPEN": (1, 2), "QUOTED": (2, 2), "NEGOT": (2, 3), "ONHOLD": (1, 1),
              "WON": (2, 3), "LOST": (1, 2), "NOBID": (1, 2), "CANCEL": (1, 2)}
    # The next step still ahead of an open opportunity.
    next_step = {"OPEN": ["CALL", "SITEVISIT", "MEETING"], "QUOTED": ["FOLLOWUP"],
                 "NEGOT": ["MEETING", "FOLLOWUP"], "ONHOLD": ["FOLLOWUP"]}

    pump_kinds = {"pump_replace", "big_pump", "lobe_pump", "submersible", "marine", "aodd",
                  "chem_feed"}

    def task_text(ttype, o, who, site, is_next, used):
        # The QUOTE task names the first quote; later steps the latest revision.
        quote = ""
        if "quote_ids" in o:
            quote = o["quote_ids"][0] if ttype == "QUOTE" else o["quote_ids"][-1]
        subject = o["desc"].split(" - ")[0]
        options = {
            "CALL": ["Intro call with {who}", "Call {who} re: budget and timing",
                     "Call {who} - who else signs off?"] +
                    (["Call {who} to confirm duty point and NPSH"] if o["kind"] in pump_kinds
                     else ["Call {who} to confirm scope and schedule"])
            if not is_next else ["Call {who} to set up a site visit",
                                 "Call {who} re: budget for 2027"],
            "EMAIL": ["Send {who} pump curves and cut sheets", "E-mail datasheets and lead times",
                      "Send {who} references from similar installs"],
            "MEETING": (["Kick-off meeting: delivery schedule and start-up"]
                        if o["status"] == "WON" else
                        ["Review quote {quote} with purchasing", "Meeting with {who} and "
                         "engineering to close open items"] if quote else
                        ["Meeting with {who} and engineering", "Lunch with {who}"]),
            "SITEVISIT": ["Site visit - measure existing flanges at {site}",
                          "Walk down the pump room with maintenance",
                          "Site survey with the Vantor rep"],
            "DEMO": ["Loaner pump trial at {site}", "Demo cartridge seal install for the crew"],
            "QUOTE": ["Prepare quote {quote}", "Get factory pricing and prepare quote {quote}"]
            if quote else ["Prepare quote: {subject}", "Get factory pricing: {subject}"],
            "FOLLOWUP": (["Follow up on quote {quote}", "Follow up with {who} on PO status"]
                         if quote else
                         ["Check in with {who} after the budget meeting",
                          "Follow up with {who} on funding"]),
        }[ttype]
        texts = [t.format(who=who, site=site, quote=quote, subject=subject) for t in options]
        fresh = [t for t in texts if t not in used] or texts
        text = rng.choice(fresh)
        used.add(text)
        return text[0].upper() + text[1:]

    tasks = []
    for o in opps:
        lo, hi = counts[o["status"]]
        plan = plans[o["status"]][: rng.randint(lo, hi)]
        if "quote_ids" in o and "QUOTE" not in plan:
            plan = plans[o["status"]][: plans[o["status"]].index("QUOTE") + 1]
        who = o["contact"].first if o["contact"] else "the customer"
        rep = REP_OF_TERRITORY[o["ent"].territory]
        if rng.random() < 0.1:
            rep = rng.choice(REP_IDS)
        if "quote_dates" in o:
            anchor = o["quote_dates"][0] - dt.timedelta(days=1)
            qpos = plan.index("QUOTE")
        else:
            start = o["lead"]["created"] + dt.timedelta(days=rng.randint(3, 14)) if o["lead"] \
                else rand_date(dt.date(2026, 5, 1), dt.date(2026, 11, 10))
            anchor, qpos = start, 0
        closed = outcome[o["status"]] != "open"
        dates = []
        for i in range(len(plan)):
            d = weekday(anchor + dt.timedelta(days=(i - qpos) * rng.randint(6, 16)))
            if o["lead"]:
                d = max(d, weekday(o["lead"]["created"] + dt.timedelta(days=1)))
            if plan[i] != "QUOTE" and d >= AS_OF and (
                    closed and not (o["status"] == "WON" and plan[i] == "MEETING")):
                d = weekday(AS_OF - dt.timedelta(days=rng.randint(1, 5)))
            dates.append(d)
        dates.sort()
        steps = list(zip(plan, dates, [False] * len(plan)))
        if not closed and dates[-1] < AS_OF:  # the next step is still ahead
            steps.append((rng.choice(next_step[o["status"]]),
                          weekday(AS_OF + dt.timedelta(days=rng.randint(3, 28))), True))
        site = rng.choice(SITES[o["ent"].segment])
        used = set()
        for ttype, due, is_next in steps:
            text = task_text(ttype, o, who, site, is_next, used)
            if closed:
                done = "1" if due < AS_OF else "0"  # a won deal's kick-off meeting is ahead
            elif ttype == "QUOTE" and "quote_ids" in o:
                done = "1"  # the quote is out
            else:
                done = "1" if due < AS_OF and rng.random() > 0.12 else "0"  # some are overdue
            tasks.append([None, o["id"], ttype, text, rep, iso(due), done])
    tasks.sort(key=lambda t: (t[5], t[1]))
    for n, t in enumerate(tasks):
        t[0] = "T-%d" % (4001 + n)
    write_csv("plan/opportunity-tasks.csv", ["task_id", "opportunity_id", "task_type",
                                             "description", "owner", "due_date", "done"], tasks)

    write_readme()
    write_text(".gitattributes",
               "# Written by Scripts/make-sample-data.py. The Outlook export and the vCards\n"
               "# keep their CRLF line ends byte for byte (they are fixtures).\n"
               "plan/contacts.csv -text diff\nplan/contacts.vcf -text diff\n")
    keep = os.path.join(OUT, ".keep")
    if os.path.exists(keep):
        os.remove(keep)


README = """\
# Sample data: Harbor Valve & Pump Co.

The files in this folder are the sample data used by `crmenv demo` and by the tests. They
describe **Harbor Valve & Pump Co.**, a small industrial equipment distributor (pumps, valves,
seals, spare parts and service contracts for municipalities, breweries, food processors,
chemical plants and shipyards) that is onboarding its ERP's CRM module in TEST before LIVE.

**Everything here is fictional.** The people, companies, streets and notes are invented; e-mail
addresses use sub-domains of `example.com`, `example.net` and `example.org` (reserved for
documentation); phone numbers are in the fictional `555-0100`–`555-0199` range. Cities and
states are real only to make addresses look plausible.

Do not edit these files by hand. They are generated, deterministically, by

    python3 Scripts/make-sample-data.py

(run from the repository root; Python 3, standard library only, fixed seed, so a re-run writes
byte-identical files). The script ends with a checker that asserts the rules below and prints
the number of records per file.

## Files

| File | What it is |
| --- | --- |
| `live/customers.csv` | The customers already in the company's LIVE ERP (`cust_num` like `C000101`). |
| `plan/` | An onboarding plan folder, run in order by `crmenv onboard run`. |
| `plan/values/*.csv` | The eight dropdown lists: `lead-status`, `opportunity-status` (with `outcome` open/won/lost), `opportunity-source`, `opportunity-stage` (with `chance_to_close` and `sequence`), `won-reason`, `lost-reason`, `task-type`, `territory`. |
| `plan/contacts.csv` | A Microsoft Outlook contacts export: Outlook's English header row, every field quoted, CRLF line ends, `0/0/00` for empty dates, multi-line notes, three exact duplicate people. |
| `plan/contacts.vcf` | More contacts as vCards from phones: iPhone-style 3.0 (`item1.EMAIL` groups, `X-ABLabel`, one folded line) and Android-style 2.1 (quoted-printable names and a note with soft line breaks), CRLF line ends. |
| `plan/prospects.csv` | Prospects (`prospect_id` like `P-1001`). |
| `plan/prospect-contacts.csv`, `plan/customer-contacts.csv` | Which contacts (by their first e-mail address) work at which prospect or customer; exactly one primary per company. |
| `plan/leads.csv` | Leads (`L-2001`…), each for exactly one customer or prospect. |
| `plan/opportunities.csv` | Opportunities (`O-3001`…); won/lost reasons only for won/lost statuses, stages for open ones. |
| `plan/opportunity-tasks.csv` | Tasks (`T-4001`…) owned by the six sales reps. |
| `plan/quotes.csv`, `plan/quote-lines.csv` | Quotes (`Q-5001`…) and their lines. |

## Rules the data keeps

- CSV files are UTF-8 with a header row, comma-separated, RFC 4180 quoting; dates are
  `YYYY-MM-DD` (except Outlook's own date columns); an empty field means no value.
- Every code used is in its value list; every customer, prospect, contact e-mail, lead and
  opportunity referenced exists; a lead, opportunity or quote names exactly one of a customer
  or a prospect, and a quote names the same one as its opportunity.
- An open opportunity's `chance_to_close` is empty (take the stage's default) or between its
  stage's default and the next stage's; won is 100, lost 0.
- `contacts.csv` and `contacts.vcf` keep CRLF line ends (see `.gitattributes`).

## The sample world

- "Today" is 2026-11-20: tasks due before it are mostly done (a few are overdue), and every
  open opportunity has a next step after it.
- The six sales reps who own the tasks: `jpatel` (NE, CAN), `sobrien` (SE), `dkowalski` (MW),
  `mreyes` (GULF), `rwalker` (SW), `tnguyen` (WEST).
- `contacts.csv` also holds people who are neither customers nor prospects (colleagues at
  Harbor Valve, consulting engineers, suppliers) and ten people without an e-mail address;
  those are not linked to any customer or prospect.
"""


def write_readme():
    write_text("README.md", README)


# ---------------------------------------------------------------------------------------------
# Checker
# ---------------------------------------------------------------------------------------------


def read_csv(rel, eol="\n"):
    path = os.path.join(OUT, rel)
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")
    assert not text.startswith("\ufeff"), rel + ": unexpected BOM"
    if eol == "\r\n":
        assert "\n" not in text.replace("\r\n", ""), rel + ": bare LF"
    else:
        assert "\r" not in text, rel + ": CR in an LF file"
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    header, body = rows[0], rows[1:]
    for r in body:
        assert len(r) == len(header), (rel, r)
    return header, [dict(zip(header, r)) for r in body], text


def check_date(value, where):
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (where, value)
    return dt.date.fromisoformat(value)


def check_number(value, where, decimals=2):
    assert re.fullmatch(r"\d+(\.\d{1,%d})?" % decimals, value), (where, value)
    return float(value)


def parse_vcf(text):
    assert "\n" not in text.replace("\r\n", ""), "contacts.vcf: bare LF"
    physical = text.split("\r\n")
    assert physical[-1] == ""
    physical = physical[:-1]
    # Unfold (RFC 2425) and join quoted-printable soft line breaks.
    logical = []
    folded = 0
    for line in physical:
        if line[:1] in (" ", "\t"):
            logical[-1] += line[1:]
            folded += 1
        elif logical and "QUOTED-PRINTABLE" in logical[-1].split(":", 1)[0].upper() \
                and logical[-1].endswith("="):
            logical[-1] = logical[-1][:-1] + line
        else:
            logical.append(line)
    cards, card = [], None
    for line in logical:
        if line == "BEGIN:VCARD":
            card = []
        elif line == "END:VCARD":
            cards.append(card)
            card = None
        else:
            card.append(line)
    parsed = []
    soft_breaks = sum(1 for line in physical if line.endswith("=") and not line.startswith(" "))
    for card in cards:
        props = {}
        for line in card:
            name_params, value = line.split(":", 1)
            parts = name_params.split(";")
            name = parts[0].split(".")[-1].upper()
            params = [x.upper() for x in parts[1:]]
            if "ENCODING=QUOTED-PRINTABLE" in params:
                value = re.sub(rb"=([0-9A-F]{2})", lambda m: bytes([int(m.group(1), 16)]),
                               value.encode("ascii")).decode("utf-8")
            props.setdefault(name, []).append(value)
        parsed.append(props)
    return parsed, folded, soft_breaks


def check():
    counts = []

    # value lists
    lists = {}
    for name in ["lead-status", "opportunity-status", "opportunity-source", "opportunity-stage",
                 "won-reason", "lost-reason", "task-type", "territory"]:
        header, rows, _ = read_csv("plan/values/%s.csv" % name)
        expected = {"opportunity-status": ["code", "description", "outcome"],
                    "opportunity-stage": ["code", "description", "chance_to_close",
                                          "sequence"]}.get(name, ["code", "description"])
        assert header == expected, (name, header)
        codes = [r["code"] for r in rows]
        assert len(codes) == len(set(codes)), name
        for r in rows:
            assert re.fullmatch(r"[A-Z0-9_]{1,15}", r["code"]), (name, r)
            assert r["description"].strip(), (name, r)
        lists[name] = {r["code"]: r for r in rows}
        counts.append(("plan/values/%s.csv" % name, len(rows)))
    outcome = {c: r["outcome"] for c, r in lists["opportunity-status"].items()}
    assert set(outcome.values()) == {"open", "won", "lost"}
    stages = sorted(lists["opportunity-stage"].values(), key=lambda r: int(r["sequence"]))
    assert len({r["sequence"] for r in stages}) == len(stages)
    chances = [int(r["chance_to_close"]) for r in stages]
    assert chances == sorted(chances) and all(0 <= c <= 100 for c in chances)
    stage_chance = {r["code"]: int(r["chance_to_close"]) for r in stages}
    next_chance = {stages[i]["code"]: (chances[i + 1] if i + 1 < len(stages) else 101)
                   for i in range(len(stages))}

    # customers
    _, customers, _ = read_csv("live/customers.csv")
    cust = {}
    for r in customers:
        assert re.fullmatch(r"C\d{6}", r["cust_num"]) and r["cust_num"] not in cust, r
        assert r["name"].strip() and r["territory"] in lists["territory"], r
        assert re.fullmatch(r"\d{3}-555-01\d\d", r["phone"]), r
        assert r["email"] == "" or re.search(r"@[a-z0-9.-]+\.example\.(com|net|org)$",
                                             r["email"]), r
        cust[r["cust_num"]] = r
    counts.append(("live/customers.csv", len(customers)))

    # prospects
    _, prospects, _ = read_csv("plan/prospects.csv")
    pros = {}
    for r in prospects:
        assert re.fullmatch(r"P-\d{4}", r["prospect_id"]) and r["prospect_id"] not in pros, r
        assert r["name"].strip() and r["territory"] in lists["territory"], r
        pros[r["prospect_id"]] = r
    counts.append(("plan/prospects.csv", len(prospects)))
    assert not ({r["name"] for r in customers} & {r["name"] for r in prospects})

    # contacts.csv
    header, contacts, text = read_csv("plan/contacts.csv", eol="\r\n")
    assert header == OUTLOOK_HEADER and len(header) == 86, len(header)
    # every field quoted: re-serialising with quote-all gives the same bytes
    rebuilt = "".join(",".join(csv_field(v, True) for v in row) + "\r\n"
                      for row in [header] + [[r[h] for h in header] for r in contacts])
    assert rebuilt == text, "contacts.csv: not every field is quoted as Outlook does"
    contact_company = {}
    seen_rows = {}
    exact_dups = 0
    no_email = 0
    for r in contacts:
        assert (r["First Name"] or r["Last Name"]) and r["Company"], r
        assert (r["Sensitivity"], r["Priority"], r["Private"]) == ("Normal", "Normal", "False")
        assert r["Anniversary"] == "0/0/00"
        assert r["Birthday"] == "0/0/00" or re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", r["Birthday"])
        email = r["E-mail Address"]
        if not email:
            assert not r["E-mail 2 Address"] and not r["E-mail 3 Address"]
            no_email += 1
            continue
        key = tuple(r[h] for h in header)
        if email in seen_rows:
            assert seen_rows[email] == key, "same primary e-mail, different person: " + email
            exact_dups += 1
            continue
        seen_rows[email] = key
        contact_company[email] = r["Company"]
    assert exact_dups == 3, exact_dups
    assert 8 <= no_email <= 12, no_email
    all_emails = []
    for r in contacts:
        for col in ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address"):
            if r[col]:
                all_emails.append(r[col])
    assert all(re.search(r"@[a-z0-9.-]+\.example\.(com|net|org)$", e) for e in all_emails)
    assert any("\r\n" in r["Notes"] for r in contacts)
    assert any('"' in r["Notes"] for r in contacts)
    assert any("," in r["Company"] for r in contacts)
    assert any(any(ord(ch) > 127 for ch in r["First Name"] + r["Last Name"]) for r in contacts)
    counts.append(("plan/contacts.csv", len(contacts)))

    # contacts.vcf
    with open(os.path.join(OUT, "plan/contacts.vcf"), "rb") as f:
        vtext = f.read().decode("utf-8")
    cards, folded, soft = parse_vcf(vtext)
    versions = [c["VERSION"][0] for c in cards]
    assert set(versions) == {"3.0", "2.1"}, versions
    assert folded >= 1 and soft >= 1, (folded, soft)
    assert "item1.EMAIL;type=INTERNET" in vtext and "item1.X-ABLabel" in vtext
    assert "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" in vtext
    for c in cards:
        for prop in ("N", "FN", "EMAIL", "ORG", "TITLE", "TEL", "ADR"):
            assert prop in c, (prop, c)
        email = c["EMAIL"][0]
        assert email not in contact_company, "vCard person also in contacts.csv: " + email
        contact_company[email] = c["ORG"][0].split(";")[0].replace("\\,", ",")
    assert len({c["EMAIL"][0] for c in cards}) == len(cards)
    assert any(any(ord(ch) > 127 for ch in c["N"][0]) for c in cards if c["VERSION"] == ["2.1"])
    counts.append(("plan/contacts.vcf", len(cards)))

    # links
    def check_links(rel, key, companies):
        _, rows, _ = read_csv(rel)
        primaries, pairs = {}, set()
        for r in rows:
            assert r[key] in companies, r
            assert r["contact_email"] in contact_company, r
            assert contact_company[r["contact_email"]] == companies[r[key]]["name"], r
            assert r["primary"] in ("0", "1"), r
            assert (r[key], r["contact_email"]) not in pairs, r
            pairs.add((r[key], r["contact_email"]))
            primaries[r[key]] = primaries.get(r[key], 0) + int(r["primary"])
        assert all(n == 1 for n in primaries.values()), primaries
        counts.append((rel, len(rows)))
        return pairs

    prospect_pairs = check_links("plan/prospect-contacts.csv", "prospect_id", pros)
    customer_pairs = check_links("plan/customer-contacts.csv", "cust_num", cust)
    assert {p for p, _ in prospect_pairs} == set(pros), "every prospect has a contact"

    def entity(r):
        assert bool(r["cust_num"]) != bool(r["prospect_id"]), r
        if r["cust_num"]:
            assert r["cust_num"] in cust, r
            return ("c", r["cust_num"])
        assert r["prospect_id"] in pros, r
        return ("p", r["prospect_id"])

    def contact_of(ent, email):
        pairs = customer_pairs if ent[0] == "c" else prospect_pairs
        return (ent[1], email) in pairs

    # leads
    _, leads, _ = read_csv("plan/leads.csv")
    lead_by_id = {}
    for r in leads:
        assert re.fullmatch(r"L-\d{4}", r["lead_id"]) and r["lead_id"] not in lead_by_id, r
        ent = entity(r)
        assert r["topic"].strip()
        assert r["contact_email"] == "" or contact_of(ent, r["contact_email"]), r
        assert r["status"] in lists["lead-status"], r
        assert r["source"] in lists["opportunity-source"], r
        d = check_date(r["created_on"], r["lead_id"])
        assert dt.date(2026, 1, 1) <= d <= dt.date(2026, 11, 30), r
        lead_by_id[r["lead_id"]] = (ent, r)
    counts.append(("plan/leads.csv", len(leads)))

    # opportunities
    _, opps, _ = read_csv("plan/opportunities.csv")
    opp_by_id = {}
    for r in opps:
        assert re.fullmatch(r"O-\d{4}", r["opportunity_id"]) and \
            r["opportunity_id"] not in opp_by_id, r
        ent = entity(r)
        assert r["description"].strip()
        assert r["contact_email"] == "" or contact_of(ent, r["contact_email"]), r
        if r["lead_id"]:
            assert r["lead_id"] in lead_by_id and lead_by_id[r["lead_id"]][0] == ent, r
            assert lead_by_id[r["lead_id"]][1]["status"] == "CONVERTED", r
        assert r["status"] in outcome, r
        assert r["source"] == "" or r["source"] in lists["opportunity-source"], r
        out = outcome[r["status"]]
        assert (r["won_reason"] != "") <= (out == "won"), r
        assert (r["lost_reason"] != "") <= (out == "lost"), r
        assert r["won_reason"] == "" or r["won_reason"] in lists["won-reason"], r
        assert r["lost_reason"] == "" or r["lost_reason"] in lists["lost-reason"], r
        if out == "open":
            assert r["stage"] in stage_chance, r
            if r["chance_to_close"]:
                c = int(r["chance_to_close"])
                assert stage_chance[r["stage"]] <= c < next_chance[r["stage"]], r
        else:
            assert r["stage"] == "" or r["stage"] in stage_chance, r
            assert r["chance_to_close"] == ("100" if out == "won" else "0"), r
        check_number(r["estimated_value"], r["opportunity_id"])
        d = check_date(r["projected_close"], r["opportunity_id"])
        assert dt.date(2026, 12, 1) <= d <= dt.date(2027, 6, 30), r
        opp_by_id[r["opportunity_id"]] = (ent, r)
    counts.append(("plan/opportunities.csv", len(opps)))

    # tasks
    _, tasks, _ = read_csv("plan/opportunity-tasks.csv")
    ids = set()
    for r in tasks:
        assert re.fullmatch(r"T-\d{4}", r["task_id"]) and r["task_id"] not in ids, r
        ids.add(r["task_id"])
        assert r["opportunity_id"] in opp_by_id, r
        assert r["task_type"] in lists["task-type"], r
        assert r["description"].strip() and r["owner"] in REPS, r
        check_date(r["due_date"], r["task_id"])
        assert r["done"] in ("0", "1"), r
    counts.append(("plan/opportunity-tasks.csv", len(tasks)))

    # quotes
    _, quotes, _ = read_csv("plan/quotes.csv")
    quote_ids = set()
    for r in quotes:
        assert re.fullmatch(r"Q-\d{4}", r["quote_id"]) and r["quote_id"] not in quote_ids, r
        quote_ids.add(r["quote_id"])
        ent = entity(r)
        if r["opportunity_id"]:
            assert r["opportunity_id"] in opp_by_id, r
            assert opp_by_id[r["opportunity_id"]][0] == ent, r
        qd = check_date(r["quote_date"], r["quote_id"])
        vu = check_date(r["valid_until"], r["quote_id"])
        assert vu >= qd, r
    counts.append(("plan/quotes.csv", len(quotes)))

    _, lines, _ = read_csv("plan/quote-lines.csv")
    per_quote = {}
    for r in lines:
        assert r["quote_id"] in quote_ids, r
        per_quote.setdefault(r["quote_id"], []).append(int(r["line_no"]))
        assert r["item"].strip(), r
        assert check_number(r["quantity"], r["quote_id"]) > 0, r
        assert check_number(r["unit_price"], r["quote_id"]) >= 0, r
        assert 0 <= check_number(r["discount_percent"], r["quote_id"]) <= 15, r
    assert set(per_quote) == quote_ids, "every quote has lines"
    for q, nums in per_quote.items():
        assert nums == list(range(1, len(nums) + 1)) and 1 <= len(nums) <= 6, (q, nums)
    counts.append(("plan/quote-lines.csv", len(lines)))

    width = max(len(name) for name, _ in counts)
    for name, n in counts:
        print("%-*s %5d" % (width, name, n))
    print("all checks passed")


if __name__ == "__main__":
    if "--check-only" not in sys.argv:
        main()
    check()
