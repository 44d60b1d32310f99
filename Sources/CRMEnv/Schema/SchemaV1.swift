/// Schema version 1: the CRM tables, the reference lists, and crmenv's own bookkeeping.
///
/// Conventions:
/// - every table is STRICT and has an explicit primary key;
/// - reference lists are keyed by their business code (`code`), records that TEST can generate
///   by an integer `id` (see `IdAllocator` for why TEST's ids never collide with LIVE's), customers
///   by their customer number, cross references by both ends;
/// - `ref` is the record's own id in the file it was imported from (its external reference);
/// - `batch_id` names the import batch that last wrote the row (NULL for rows typed by hand);
/// - tables named `crmenv_*` are bookkeeping: never diffed, never promoted as data.
enum SchemaV1 {
    static let version = 1

    /// Checks a reference-list code: 1 to 15 characters, no leading or trailing spaces.
    private static func codeCheck(_ column: String) -> String {
        "CHECK (length(\(column)) BETWEEN 1 AND 15 AND \(column) = trim(\(column)))"
    }

    /// A calendar date written `YYYY-MM-DD`. `date(x, '+0 days')` normalises 2026-02-31 to
    /// 2026-03-03, so comparing it with `x` also rejects days a month does not have.
    private static func dateCheck(_ column: String) -> String {
        "CHECK (\(column) IS NULL OR date(\(column), '+0 days') IS \(column))"
    }

    private static func referenceList(_ table: String, extra: String = "") -> String {
        """
        CREATE TABLE \(table) (
            code TEXT NOT NULL PRIMARY KEY \(codeCheck("code")),
            description TEXT NOT NULL CHECK (length(trim(description)) > 0),
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))\(extra)
        ) STRICT, WITHOUT ROWID;
        """
    }

    static let sql: String = [
        referenceList("lead_status"),
        referenceList(
            "opportunity_status",
            extra: """
                ,
                    outcome TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'won', 'lost'))
                """),
        referenceList("opportunity_source"),
        referenceList(
            "opportunity_stage",
            extra: """
                ,
                    chance_to_close INTEGER NOT NULL DEFAULT 0 CHECK (chance_to_close BETWEEN 0 AND 100),
                    sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0)
                """),
        referenceList("won_reason"),
        referenceList("lost_reason"),
        referenceList("task_type"),
        referenceList("territory"),
        """
        CREATE TABLE customer (
            cust_num TEXT NOT NULL PRIMARY KEY
                CHECK (length(cust_num) BETWEEN 1 AND 30 AND cust_num = trim(cust_num)),
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            address1 TEXT,
            address2 TEXT,
            city TEXT,
            state TEXT,
            postal_code TEXT,
            country TEXT,
            phone TEXT,
            email TEXT,
            territory TEXT REFERENCES territory (code),
            batch_id INTEGER
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX customer_territory ON customer (territory);
        CREATE INDEX customer_batch ON customer (batch_id);

        CREATE TABLE prospect (
            id INTEGER PRIMARY KEY,
            ref TEXT UNIQUE,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            address1 TEXT,
            address2 TEXT,
            city TEXT,
            state TEXT,
            postal_code TEXT,
            country TEXT,
            phone TEXT,
            website TEXT,
            territory TEXT REFERENCES territory (code),
            batch_id INTEGER
        ) STRICT;
        CREATE INDEX prospect_territory ON prospect (territory);
        CREATE INDEX prospect_name ON prospect (name COLLATE NOCASE);
        CREATE INDEX prospect_batch ON prospect (batch_id);

        CREATE TABLE sales_contact (
            id INTEGER PRIMARY KEY,
            salutation TEXT,
            first_name TEXT,
            middle_name TEXT,
            last_name TEXT,
            suffix TEXT,
            job_title TEXT,
            company TEXT,
            department TEXT,
            email1 TEXT,
            email2 TEXT,
            email3 TEXT,
            business_phone TEXT,
            home_phone TEXT,
            mobile_phone TEXT,
            street TEXT,
            city TEXT,
            state TEXT,
            postal_code TEXT,
            country TEXT,
            notes TEXT,
            match_key TEXT NOT NULL CHECK (length(match_key) > 0),
            batch_id INTEGER,
            CHECK (coalesce(first_name, last_name, email1) IS NOT NULL)
        ) STRICT;
        CREATE INDEX sales_contact_match ON sales_contact (match_key);
        CREATE INDEX sales_contact_batch ON sales_contact (batch_id);

        CREATE TABLE prospect_contact (
            prospect_id INTEGER NOT NULL REFERENCES prospect (id),
            contact_id INTEGER NOT NULL REFERENCES sales_contact (id),
            is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
            batch_id INTEGER,
            PRIMARY KEY (prospect_id, contact_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX prospect_contact_contact ON prospect_contact (contact_id);
        CREATE INDEX prospect_contact_batch ON prospect_contact (batch_id);

        CREATE TABLE customer_contact (
            cust_num TEXT NOT NULL REFERENCES customer (cust_num),
            contact_id INTEGER NOT NULL REFERENCES sales_contact (id),
            is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
            batch_id INTEGER,
            PRIMARY KEY (cust_num, contact_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX customer_contact_contact ON customer_contact (contact_id);
        CREATE INDEX customer_contact_batch ON customer_contact (batch_id);

        CREATE TABLE lead (
            id INTEGER PRIMARY KEY,
            ref TEXT UNIQUE,
            topic TEXT NOT NULL CHECK (length(trim(topic)) > 0),
            cust_num TEXT REFERENCES customer (cust_num),
            prospect_id INTEGER REFERENCES prospect (id),
            contact_id INTEGER REFERENCES sales_contact (id),
            status TEXT NOT NULL REFERENCES lead_status (code),
            source TEXT REFERENCES opportunity_source (code),
            created_on TEXT \(dateCheck("created_on")),
            batch_id INTEGER,
            CHECK ((cust_num IS NULL) <> (prospect_id IS NULL))
        ) STRICT;
        CREATE INDEX lead_status_code ON lead (status);
        CREATE INDEX lead_source_code ON lead (source);
        CREATE INDEX lead_customer ON lead (cust_num);
        CREATE INDEX lead_prospect ON lead (prospect_id);
        CREATE INDEX lead_contact ON lead (contact_id);
        CREATE INDEX lead_batch ON lead (batch_id);

        CREATE TABLE opportunity (
            id INTEGER PRIMARY KEY,
            ref TEXT UNIQUE,
            description TEXT NOT NULL CHECK (length(trim(description)) > 0),
            cust_num TEXT REFERENCES customer (cust_num),
            prospect_id INTEGER REFERENCES prospect (id),
            contact_id INTEGER REFERENCES sales_contact (id),
            lead_id INTEGER REFERENCES lead (id),
            status TEXT NOT NULL REFERENCES opportunity_status (code),
            source TEXT REFERENCES opportunity_source (code),
            stage TEXT REFERENCES opportunity_stage (code),
            estimated_value REAL CHECK (estimated_value IS NULL OR estimated_value >= 0),
            chance_to_close INTEGER
                CHECK (chance_to_close IS NULL OR chance_to_close BETWEEN 0 AND 100),
            projected_close TEXT \(dateCheck("projected_close")),
            won_reason TEXT REFERENCES won_reason (code),
            lost_reason TEXT REFERENCES lost_reason (code),
            batch_id INTEGER,
            CHECK ((cust_num IS NULL) <> (prospect_id IS NULL)),
            CHECK (won_reason IS NULL OR lost_reason IS NULL)
        ) STRICT;
        CREATE INDEX opportunity_status_code ON opportunity (status);
        CREATE INDEX opportunity_source_code ON opportunity (source);
        CREATE INDEX opportunity_stage_code ON opportunity (stage);
        CREATE INDEX opportunity_won_reason ON opportunity (won_reason);
        CREATE INDEX opportunity_lost_reason ON opportunity (lost_reason);
        CREATE INDEX opportunity_customer ON opportunity (cust_num);
        CREATE INDEX opportunity_prospect ON opportunity (prospect_id);
        CREATE INDEX opportunity_contact ON opportunity (contact_id);
        CREATE INDEX opportunity_lead ON opportunity (lead_id);
        CREATE INDEX opportunity_batch ON opportunity (batch_id);

        CREATE TABLE opportunity_task (
            id INTEGER PRIMARY KEY,
            ref TEXT UNIQUE,
            opportunity_id INTEGER NOT NULL REFERENCES opportunity (id),
            task_type TEXT REFERENCES task_type (code),
            description TEXT NOT NULL CHECK (length(trim(description)) > 0),
            owner TEXT,
            due_date TEXT \(dateCheck("due_date")),
            done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
            batch_id INTEGER
        ) STRICT;
        CREATE INDEX opportunity_task_opportunity ON opportunity_task (opportunity_id);
        CREATE INDEX opportunity_task_type ON opportunity_task (task_type);
        CREATE INDEX opportunity_task_batch ON opportunity_task (batch_id);

        CREATE TABLE quote (
            id INTEGER PRIMARY KEY,
            ref TEXT UNIQUE,
            cust_num TEXT REFERENCES customer (cust_num),
            prospect_id INTEGER REFERENCES prospect (id),
            opportunity_id INTEGER REFERENCES opportunity (id),
            quote_date TEXT NOT NULL \(dateCheck("quote_date")),
            valid_until TEXT \(dateCheck("valid_until")),
            notes TEXT,
            batch_id INTEGER,
            CHECK ((cust_num IS NULL) <> (prospect_id IS NULL)),
            CHECK (valid_until IS NULL OR valid_until >= quote_date)
        ) STRICT;
        CREATE INDEX quote_customer ON quote (cust_num);
        CREATE INDEX quote_prospect ON quote (prospect_id);
        CREATE INDEX quote_opportunity ON quote (opportunity_id);
        CREATE INDEX quote_batch ON quote (batch_id);

        CREATE TABLE quote_line (
            quote_id INTEGER NOT NULL REFERENCES quote (id),
            line_no INTEGER NOT NULL CHECK (line_no > 0),
            item TEXT NOT NULL CHECK (length(trim(item)) > 0),
            description TEXT,
            quantity REAL NOT NULL CHECK (quantity > 0),
            unit_price REAL NOT NULL CHECK (unit_price >= 0),
            discount_percent REAL NOT NULL DEFAULT 0 CHECK (discount_percent BETWEEN 0 AND 100),
            batch_id INTEGER,
            PRIMARY KEY (quote_id, line_no)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX quote_line_batch ON quote_line (batch_id);

        CREATE TABLE crmenv_meta (
            key TEXT NOT NULL PRIMARY KEY,
            value ANY
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE crmenv_batch (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            file_name TEXT NOT NULL,
            file_size INTEGER NOT NULL CHECK (file_size >= 0),
            checksum TEXT NOT NULL,
            format TEXT NOT NULL,
            encoding TEXT NOT NULL,
            loaded_at TEXT NOT NULL,
            loaded_by TEXT NOT NULL,
            rows_new INTEGER NOT NULL DEFAULT 0,
            rows_updated INTEGER NOT NULL DEFAULT 0,
            rows_unchanged INTEGER NOT NULL DEFAULT 0,
            rows_rejected INTEGER NOT NULL DEFAULT 0,
            rows_merged INTEGER NOT NULL DEFAULT 0,
            promotion_id TEXT
        ) STRICT;

        CREATE TABLE crmenv_vetting (
            item TEXT NOT NULL PRIMARY KEY,
            digest TEXT NOT NULL,
            vetted_by TEXT NOT NULL,
            vetted_at TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE crmenv_rename (
            list TEXT NOT NULL,
            old_code TEXT NOT NULL,
            new_code TEXT NOT NULL,
            renamed_at TEXT NOT NULL,
            PRIMARY KEY (list, old_code)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE crmenv_promotion (
            id TEXT NOT NULL PRIMARY KEY,
            promoted_at TEXT NOT NULL,
            promoted_by TEXT NOT NULL,
            pre_snapshot TEXT NOT NULL,
            items TEXT NOT NULL,
            undone_at TEXT,
            undone_by TEXT
        ) STRICT, WITHOUT ROWID;
        """,
    ].joined(separator: "\n\n")
}
