-- The dashboard counts results with the accepted risks that cover them in
-- one query; this index keeps that lookup cheap when a customer has many.
CREATE INDEX suppressions_lookup ON suppressions (rule_id, resource_id);
