-- The seeded sender was an address no SES identity verifies: until an admin chooses one,
-- mail goes from the MAIL_FROM setting (null here).
UPDATE app_settings
   SET value = 'null',
       description = 'From address of outgoing mail (an SES-verified identity); null: the MAIL_FROM setting'
 WHERE key = 'mail.sender' AND updated_by IS NULL;
