-- 0001-orleans-providers.sql
-- Schema and query texts for the Orleans 10.4.2 ADO.NET providers (clustering,
-- grain persistence, reminders) on PostgreSQL 15, invariant "Npgsql".
-- Written from scratch for this project from the provider contract (ORLEANS-ADONET.md);
-- it is not derived from the upstream Orleans scripts.
--
-- Conventions used by every query text below:
--   * @Name placeholders are bound by Npgsql; each one matches, with exact case,
--     a parameter the provider sends for that key, and every sent parameter is used.
--   * Orleans runs each query in autocommit, so every key is ONE statement
--     (CTEs where several rows change) and is therefore all-or-nothing.
--   * All times are timestamptz: Orleans sends UTC timestamptz and reads values
--     back as UTC without conversion, so the session TimeZone never matters.

-- ---------------------------------------------------------------------------
-- Query table.  Its name and columns are hard-coded (unquoted, unqualified)
-- in the providers, so it must exist as lower-case orleansquery on the
-- search_path.  The primary key stops duplicate keys, which crash start-up.
-- ---------------------------------------------------------------------------
CREATE TABLE orleansquery
(
    querykey  text NOT NULL PRIMARY KEY,
    querytext text NOT NULL
);

-- ---------------------------------------------------------------------------
-- Clustering.
-- One version row per cluster (DeploymentId carries ClusterOptions.ClusterId);
-- its integer version is the membership table ETag and is the only optimistic
-- concurrency Orleans uses (per-row ETags are ignored).  Every successful
-- insert/update of a member row must move it by exactly one.
-- ---------------------------------------------------------------------------
CREATE TABLE orleansmembershipversiontable
(
    deploymentid text        NOT NULL PRIMARY KEY,
    version      integer     NOT NULL DEFAULT 0,
    modifiedon   timestamptz NOT NULL DEFAULT now()   -- informational only
);

-- Address stays text (not inet): Orleans casts it straight to string.
-- The FK guarantees no member row outlives its cluster's version row.
CREATE TABLE orleansmembershiptable
(
    deploymentid text        NOT NULL REFERENCES orleansmembershipversiontable (deploymentid),
    address      text        NOT NULL,
    port         integer     NOT NULL,
    generation   integer     NOT NULL,
    siloname     text        NOT NULL,
    hostname     text        NOT NULL,
    status       integer     NOT NULL,
    proxyport    integer     NOT NULL,
    suspecttimes text        NULL,
    starttime    timestamptz NOT NULL,
    iamalivetime timestamptz NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

-- Run once per silo start, possibly by several silos at once: ON CONFLICT makes
-- it idempotent.  Single boolean column (true = created).
INSERT INTO orleansquery (querykey, querytext) VALUES ('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleansmembershipversiontable (deploymentid)
    VALUES (@DeploymentId)
    ON CONFLICT (deploymentid) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM created) AS created
$q$);

-- Version row LEFT JOIN members in one snapshot.  With no members this yields
-- exactly one row whose member columns (StartTime included) are NULL, which is
-- how the provider recognises an empty membership.
INSERT INTO orleansquery (querykey, querytext) VALUES ('MembershipReadAllKey', $q$
SELECT v.deploymentid, v.version,
       m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
       m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime
FROM orleansmembershipversiontable AS v
LEFT JOIN orleansmembershiptable AS m
       ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId
$q$);

-- Same shape as ReadAll; the silo filter sits in the join so the version row
-- is still returned when that silo has no row.
INSERT INTO orleansquery (querykey, querytext) VALUES ('MembershipReadRowKey', $q$
SELECT v.deploymentid, v.version,
       m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
       m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime
FROM orleansmembershipversiontable AS v
LEFT JOIN orleansmembershiptable AS m
       ON m.deploymentid = v.deploymentid
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId
$q$);

-- Version check-and-bump and the row insert in one statement.  The bump is
-- conditional on the row being absent and the insert feeds off the bump, so
-- either both happen or neither does.  Every member insert bumps the version
-- row, so its row lock serialises concurrent inserts; should a duplicate still
-- slip through, the primary key raises and the whole statement (bump included)
-- rolls back.  @Version is the version Orleans last read, not the next one.
INSERT INTO orleansquery (querykey, querytext) VALUES ('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE orleansmembershipversiontable
    SET version = version + 1,
        modifiedon = now()
    WHERE deploymentid = @DeploymentId
      AND version = @Version
      AND NOT EXISTS (
          SELECT 1 FROM orleansmembershiptable
          WHERE deploymentid = @DeploymentId
            AND address = @Address
            AND port = @Port
            AND generation = @Generation)
    RETURNING deploymentid
), inserted AS (
    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname,
         status, proxyport, suspecttimes, starttime, iamalivetime)
    SELECT deploymentid, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort, NULL, @StartTime, @IAmAliveTime
    FROM bumped
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted) AS inserted
$q$);

-- The member row is locked first (FOR UPDATE skips it if it was deleted
-- concurrently), the version is bumped only if that lock succeeded and the
-- version matches, and the row update feeds off the bump.  Because the row is
-- locked it cannot vanish between bump and update: no half-applied change.
-- SiloName, HostName, ProxyPort and StartTime are deliberately left alone.
INSERT INTO orleansquery (querykey, querytext) VALUES ('UpdateMembershipKey', $q$
WITH member AS (
    SELECT deploymentid
    FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId
      AND address = @Address
      AND port = @Port
      AND generation = @Generation
    FOR UPDATE
), bumped AS (
    UPDATE orleansmembershipversiontable
    SET version = version + 1,
        modifiedon = now()
    WHERE deploymentid = @DeploymentId
      AND version = @Version
      AND EXISTS (SELECT 1 FROM member)
    RETURNING deploymentid
), updated AS (
    UPDATE orleansmembershiptable AS m
    SET status = @Status,
        suspecttimes = @SuspectTimes,
        iamalivetime = @IAmAliveTime
    FROM bumped
    WHERE m.deploymentid = bumped.deploymentid
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM updated) AS updated
$q$);

-- Heartbeat: a deliberate "dirty write" with no version check or bump.
INSERT INTO orleansquery (querykey, querytext) VALUES ('UpdateIAmAlivetimeKey', $q$
UPDATE orleansmembershiptable
SET iamalivetime = @IAmAliveTime
WHERE deploymentid = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation
$q$);

-- Client gateway list: silos with the requested status (Active) that expose
-- a gateway; ProxyPort 0 means "not a gateway".
INSERT INTO orleansquery (querykey, querytext) VALUES ('GatewaysQueryKey', $q$
SELECT address, proxyport, generation
FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId
  AND status = @Status
  AND proxyport > 0
$q$);

-- Tests/tooling only.  Members and the version row go in one statement (the
-- FK is checked at statement end, after both deletes).  ReadAll fails until a
-- silo recreates the version row, exactly as the contract describes.
INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteMembershipTableEntriesKey', $q$
WITH members AS (
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId
)
DELETE FROM orleansmembershipversiontable
WHERE deploymentid = @DeploymentId
$q$);

-- Removes old entries of any status except Active (3), without touching the
-- table version.  greatest(StartTime, IAmAliveTime) never deletes anything the
-- cleanup agent means to keep (its cutoff is derived from a time >= both).
INSERT INTO orleansquery (querykey, querytext) VALUES ('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId
  AND status <> 3
  AND greatest(starttime, iamalivetime) < @IAmAliveTime
$q$);

-- ---------------------------------------------------------------------------
-- Grain persistence.
-- GrainTypeString holds the state name; the extension column holds the full
-- key for string-keyed grains, so the text columns are unbounded.  The two
-- hashes are signed int32 and only narrow the search: they can collide.
-- ---------------------------------------------------------------------------
CREATE TABLE orleansstorage
(
    grainidhash            integer     NOT NULL,
    grainidn0              bigint      NOT NULL,
    grainidn1              bigint      NOT NULL,
    graintypehash          integer     NOT NULL,
    graintypestring        text        NOT NULL,
    grainidextensionstring text        NULL,
    serviceid              text        NOT NULL,
    payloadbinary          bytea       NULL,      -- NULL = cleared state
    version                integer     NOT NULL,
    modifiedon             timestamptz NOT NULL DEFAULT now()   -- informational only
);

-- One row per logical identity, so two racing first writes cannot both insert
-- (which would make every later read fail with "more than one element").
-- md5() of the unbounded text columns keeps entries far below the btree row
-- size limit; NULLS NOT DISTINCT makes a NULL extension equal to NULL.
-- Leading hash columns also make this the lookup index for every key below.
CREATE UNIQUE INDEX orleansstorage_identity_uq
    ON orleansstorage (grainidhash, graintypehash, grainidn0, grainidn1,
                       md5(serviceid), md5(graintypestring), md5(grainidextensionstring))
    NULLS NOT DISTINCT;

-- Versions are int32 ETags; a hot grain can reach int.MaxValue (#8379), so the
-- next version wraps to 1 instead of overflowing.  The same expression is used
-- by Write, Clear and Delete.

-- Extra column ModifiedOn is harmless; PayloadBinary comes before Version.
INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadFromStorageKey', $q$
SELECT payloadbinary, version, modifiedon
FROM orleansstorage
WHERE grainidhash = @GrainIdHash
  AND graintypehash = @GrainTypeHash
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
$q$);

-- Optimistic concurrency in one statement:
--   * ETag given  -> update only the row still at that version, return the next one;
--   * ETag NULL   -> insert version 1 only if the identity is absent (the unique
--                    index turns a racing insert into DO NOTHING).
-- Any conflict returns no row, which Orleans reports as InconsistentStateException.
INSERT INTO orleansquery (querykey, querytext) VALUES ('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleansstorage
    SET payloadbinary = @PayloadBinary,
        version = CASE WHEN version = 2147483647 THEN 1 ELSE version + 1 END,
        modifiedon = now()
    WHERE grainidhash = @GrainIdHash
      AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0
      AND grainidn1 = @GrainIdN1
      AND serviceid = @ServiceId
      AND graintypestring = @GrainTypeString
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version
), inserted AS (
    INSERT INTO orleansstorage
        (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
         grainidextensionstring, serviceid, payloadbinary, version, modifiedon)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           @GrainIdExtensionString, @ServiceId, @PayloadBinary, 1, now()
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT version AS newgrainstateversion FROM updated
UNION ALL
SELECT version FROM inserted
$q$);

-- Clear keeps the row (payload NULL) and moves the version; column 0 is the
-- new ETag.  A NULL or stale ETag matches nothing and returns no row.
INSERT INTO orleansquery (querykey, querytext) VALUES ('ClearStorageKey', $q$
UPDATE orleansstorage
SET payloadbinary = NULL,
    version = CASE WHEN version = 2147483647 THEN 1 ELSE version + 1 END,
    modifiedon = now()
WHERE grainidhash = @GrainIdHash
  AND graintypehash = @GrainTypeHash
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING version AS newgrainstateversion
$q$);

-- DeleteStateOnClear = true: remove the row at the given version.  Column 0
-- must be non-NULL and differ from the sent ETag, so return the next version.
INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteStorageKey', $q$
DELETE FROM orleansstorage
WHERE grainidhash = @GrainIdHash
  AND graintypehash = @GrainTypeHash
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING CASE WHEN version = 2147483647 THEN 1 ELSE version + 1 END AS newgrainstateversion
$q$);

-- ---------------------------------------------------------------------------
-- Reminders.
-- Keyed by ServiceId (not ClusterId) so reminders survive redeployments.
-- GrainId is unbounded text (namespaced/generic ids exceed 150 chars, #9653);
-- Period is bigint milliseconds; GrainHash is the signed int32 the provider
-- sends, compared natively so the signed range reads below work.
-- ---------------------------------------------------------------------------
CREATE TABLE orleansreminderstable
(
    serviceid    text        NOT NULL,
    grainid      text        NOT NULL,
    remindername text        NOT NULL,
    starttime    timestamptz NOT NULL,
    period       bigint      NOT NULL,
    grainhash    integer     NOT NULL,
    version      integer     NOT NULL,
    PRIMARY KEY (serviceid, grainid, remindername)
);

-- Serves the ring-range reads of the reminder service.
CREATE INDEX orleansreminderstable_hash_ix
    ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadReminderRowsKey', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId
  AND grainid = @GrainId
$q$);

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadReminderRowKey', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId
  AND grainid = @GrainId
  AND remindername = @ReminderName
$q$);

-- Used when BeginHash < EndHash (signed): the range (begin, end].
INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadRangeRows1Key', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId
  AND grainhash > @BeginHash
  AND grainhash <= @EndHash
$q$);

-- Used otherwise: the range wraps around the ring, and begin = end is the
-- whole ring.
INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadRangeRows2Key', $q$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId
  AND (grainhash > @BeginHash OR grainhash <= @EndHash)
$q$);

-- Blind overwrite (no ETag check) that always yields a new version.  ON
-- CONFLICT DO UPDATE locks the row, so concurrent upserts of one reminder are
-- serialised and each sees and returns a distinct version.  @Period may arrive
-- as int4 or int8; both are stored as bigint.
INSERT INTO orleansquery (querykey, querytext) VALUES ('UpsertReminderRowKey', $q$
INSERT INTO orleansreminderstable AS r
    (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
SET starttime = excluded.starttime,
    period = excluded.period,
    grainhash = excluded.grainhash,
    version = CASE WHEN r.version = 2147483647 THEN 0 ELSE r.version + 1 END
RETURNING r.version
$q$);

-- Delete only at the expected version.  Single boolean column: false for a
-- stale ETag or a reminder that is already gone.
INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM orleansreminderstable
    WHERE serviceid = @ServiceId
      AND grainid = @GrainId
      AND remindername = @ReminderName
      AND version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted) AS deleted
$q$);

-- Tests/tooling only.
INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteReminderRowsKey', $q$
DELETE FROM orleansreminderstable
WHERE serviceid = @ServiceId
$q$);
