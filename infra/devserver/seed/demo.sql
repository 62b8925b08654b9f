-- Demo data for `make dev`: a few profiles, a production company and a project.
-- Idempotent (keyed on emails, codes and names). Demo people have no password: they exist to
-- be searched, not to log in; the admin account (ADMIN_EMAIL) is the way in.

INSERT INTO users (unique_code, first_name, last_name, email, date_of_birth, gender,
                   country_id, city_id, nationality, role, email_confirmed_at, preferred_language, profile_public)
SELECT v.code, v.first_name, v.last_name, v.email, v.born::date, v.gender,
       c.id, city.id, v.country, v.role, now(), v.lang, true
  FROM (VALUES
        ('DEM2AMNA', 'Aminata', 'Diallo',    'aminata.diallo@demo.taalentio.local',  '1996-04-12', 'female', 'SN', 'fr', 'user'),
        ('DEM3KFMS', 'Kofi',    'Mensah',    'kofi.mensah@demo.taalentio.local',     '1991-09-30', 'male',   'GH', 'en', 'user'),
        ('DEM4YSRA', 'Yousra',  'El Fassi',  'yousra.elfassi@demo.taalentio.local',  '1999-01-05', 'female', 'MA', 'fr', 'user'),
        ('DEM5CHDK', 'Chidi',   'Okonkwo',   'chidi.okonkwo@demo.taalentio.local',   '1988-11-21', 'male',   'NG', 'en', 'user'),
        ('DEM6ZNDL', 'Zandile', 'Mthembu',   'zandile.mthembu@demo.taalentio.local', '1994-06-17', 'female', 'ZA', 'en', 'user'),
        ('DEM7AWA2', 'Awa',     'Koné',      'awa.kone@demo.taalentio.local',        '2001-02-28', 'female', 'CI', 'fr', 'user'),
        ('DEM8RCRT', 'Rachid',  'Benali',    'rachid.benali@demo.taalentio.local',   '1985-08-08', 'male',   'MA', 'fr', 'recruiter')
       ) AS v(code, first_name, last_name, email, born, gender, country, lang, role)
  JOIN countries c ON c.code = v.country
  LEFT JOIN cities city ON city.country_id = c.id AND city.is_capital
ON CONFLICT (email) DO NOTHING;

INSERT INTO user_talents (user_id, talent_id)
SELECT u.id, t.id
  FROM (VALUES ('DEM2AMNA', 'actor'), ('DEM2AMNA', 'dancer'), ('DEM3KFMS', 'musician'), ('DEM3KFMS', 'actor'),
               ('DEM4YSRA', 'model'), ('DEM5CHDK', 'actor'), ('DEM5CHDK', 'voice_actor'),
               ('DEM6ZNDL', 'singer'), ('DEM7AWA2', 'dancer'), ('DEM7AWA2', 'content_creator')) AS v(code, tag)
  JOIN users u ON u.unique_code = v.code
  JOIN talents t ON t.tag = v.tag
ON CONFLICT (user_id, talent_id) DO NOTHING;

INSERT INTO productions (name, description, specialization, city, country_id, email, founded_year, is_verified)
SELECT 'Atlas Lumière Films', 'Production de longs métrages et séries au Maroc.', 'feature_film', 'Ouarzazate', c.id,
       'contact@atlas-lumiere.demo', 2009, true
  FROM countries c WHERE c.code = 'MA'
ON CONFLICT (search_text(name)) DO NOTHING;

INSERT INTO projects (name, production_type, production_company_id, origin_country_id, shooting_locations,
                      start_date, end_date, status)
SELECT 'Les Sables de Zagora', 'feature_film', p.id, p.country_id, ARRAY['Zagora', 'Ouarzazate'],
       DATE '2027-02-01', DATE '2027-04-15', 'pre_production'
  FROM productions p
 WHERE p.name = 'Atlas Lumière Films'
   AND NOT EXISTS (SELECT 1 FROM projects WHERE name = 'Les Sables de Zagora');

INSERT INTO cinema_talents (unique_code, first_name, last_name, gender, date_of_birth, nationality,
                            country_of_residence_id, languages_spoken, years_of_experience, talent_types,
                            eye_color, hair_color, hair_type, height, skin_tone, build)
SELECT v.code, v.first_name, v.last_name, v.gender, v.born::date, v.country, c.id, v.languages::text[], v.years,
       v.types::text[], v.eyes, v.hair, v.hair_type, v.height, v.skin, v.build
  FROM (VALUES
        ('CNM2HAMZ', 'Hamza',  'Ait Ouali', 'male',   '1990-03-14', 'MA', '{ar,fr,ber}', 8, '{lead_actor}',       'brown', 'black', 'curly', 181, 'medium',      'athletic'),
        ('CNM3FATZ', 'Fatima', 'Zahra',     'female', '1997-07-02', 'MA', '{ar,fr}',     3, '{supporting_actor}', 'hazel', 'brown', 'wavy',  166, 'medium_light', 'slim'),
        ('CNM4MSSA', 'Moussa', 'Traoré',    'male',   '1983-12-19', 'ML', '{fr,bm}',     15, '{extra,stunt_performer}', 'dark_brown', 'black', 'coily', 188, 'dark', 'muscular')
       ) AS v(code, first_name, last_name, gender, born, country, languages, years, types, eyes, hair, hair_type, height, skin, build)
  JOIN countries c ON c.code = v.country
ON CONFLICT (unique_code) DO NOTHING;

INSERT INTO project_talents (project_id, cinema_talent_id, talent_type, role_description, project_code)
SELECT p.id, ct.id, v.talent_type, v.role, v.project_code
  FROM (VALUES ('CNM2HAMZ', 'lead_actor', 'Youssef, le guide', 'PRJ2ZAG2'),
               ('CNM4MSSA', 'stunt_performer', 'Cascades du désert', 'PRJ3ZAG3')) AS v(code, talent_type, role, project_code)
  JOIN cinema_talents ct ON ct.unique_code = v.code
  JOIN projects p ON p.name = 'Les Sables de Zagora'
ON CONFLICT (project_id, cinema_talent_id) DO NOTHING;
