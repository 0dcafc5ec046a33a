--
-- PostgreSQL database dump
--

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

--
-- Name: r_activity; Type: TABLE; Schema: public; Owner: stationdesk
--

CREATE TABLE public.r_activity (
    id integer NOT NULL,
    station_id text NOT NULL,
    local_id integer NOT NULL,
    title text NOT NULL,
    category text NOT NULL,
    starts_at text NOT NULL,
    status text NOT NULL,
    beneficiaries integer NOT NULL
);

--
-- Name: r_activity_id_seq; Type: SEQUENCE; Schema: public; Owner: stationdesk
--

CREATE SEQUENCE public.r_activity_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: r_activity_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: stationdesk
--

ALTER SEQUENCE public.r_activity_id_seq OWNED BY public.r_activity.id;

--
-- Name: r_participation; Type: TABLE; Schema: public; Owner: stationdesk
--

CREATE TABLE public.r_participation (
    id integer NOT NULL,
    station_id text NOT NULL,
    activity_id integer NOT NULL,
    volunteer_id integer NOT NULL,
    attended boolean NOT NULL,
    hours real NOT NULL
);

--
-- Name: r_participation_id_seq; Type: SEQUENCE; Schema: public; Owner: stationdesk
--

CREATE SEQUENCE public.r_participation_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: r_participation_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: stationdesk
--

ALTER SEQUENCE public.r_participation_id_seq OWNED BY public.r_participation.id;

--
-- Name: r_station; Type: TABLE; Schema: public; Owner: stationdesk
--

CREATE TABLE public.r_station (
    station_id text NOT NULL,
    name text NOT NULL,
    parent text NOT NULL,
    public_key text NOT NULL,
    year integer,
    created_at text NOT NULL,
    package_sha256 text NOT NULL,
    imported_at timestamp without time zone NOT NULL
);

--
-- Name: r_stats; Type: TABLE; Schema: public; Owner: stationdesk
--

CREATE TABLE public.r_stats (
    station_id text NOT NULL,
    year integer NOT NULL,
    figures text NOT NULL
);

--
-- Name: r_volunteer; Type: TABLE; Schema: public; Owner: stationdesk
--

CREATE TABLE public.r_volunteer (
    id integer NOT NULL,
    station_id text NOT NULL,
    local_id integer NOT NULL,
    name text NOT NULL,
    gender text NOT NULL,
    birth_date text,
    id_number text NOT NULL,
    village_group text NOT NULL,
    status text NOT NULL
);

--
-- Name: r_volunteer_id_seq; Type: SEQUENCE; Schema: public; Owner: stationdesk
--

CREATE SEQUENCE public.r_volunteer_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: r_volunteer_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: stationdesk
--

ALTER SEQUENCE public.r_volunteer_id_seq OWNED BY public.r_volunteer.id;

--
-- Name: r_activity id; Type: DEFAULT; Schema: public; Owner: stationdesk
--

ALTER TABLE ONLY public.r_activity ALTER COLUMN id SET DEFAULT nextval('public.r_activity_id_seq'::regclass);

--
-- Name: r_participation id; Type: DEFAULT; Schema: public; Owner: stationdesk
--

ALTER TABLE ONLY public.r_participation ALTER COLUMN id SET DEFAULT nextval('public.r_participation_id_seq'::regclass);

--
-- Name: r_volunteer id; Type: DEFAULT; Schema: public; Owner: stationdesk
--

ALTER TABLE ONLY public.r_volunteer ALTER COLUMN id SET DEFAULT nextval('public.r_volunteer_id_seq'::regclass);

--
-- Name: r_activity r_activity_pkey; Type: CONSTRAINT; Schema: public; Owner: stationdesk
--

ALTER TABLE ONLY public.r_activity
    ADD CONSTRAINT r_activity_pkey PRIMARY KEY (id);

--
-- Name: r_participation r_participation_pkey; Type: CONSTRAINT; Schema: public; Owner: stationdesk
--

ALTER TABLE ONLY public.r_participation
    ADD CONSTRAINT r_participation_pkey PRIMARY KEY (id);

--
-- Name: r_station r_station_pkey; Type: CONSTRAINT; Schema: public; Owner: stationdesk
--

ALTER TABLE ONLY public.r_station
    ADD CONSTRAINT r_station_pkey PRIMARY KEY (station_id);

--
-- Name: r_stats r_stats_pkey; Type: CONSTRAINT; Schema: public; Owner: stationdesk
--

ALTER TABLE ONLY public.r_stats
    ADD CONSTRAINT r_stats_pkey PRIMARY KEY (station_id);

--
-- Name: r_volunteer r_volunteer_pkey; Type: CONSTRAINT; Schema: public; Owner: stationdesk
--

ALTER TABLE ONLY public.r_volunteer
    ADD CONSTRAINT r_volunteer_pkey PRIMARY KEY (id);

--
-- Name: r_activity_station_id; Type: INDEX; Schema: public; Owner: stationdesk
--

CREATE INDEX r_activity_station_id ON public.r_activity USING btree (station_id);

--
-- Name: r_activity_station_id_local_id; Type: INDEX; Schema: public; Owner: stationdesk
--

CREATE UNIQUE INDEX r_activity_station_id_local_id ON public.r_activity USING btree (station_id, local_id);

--
-- Name: r_participation_station_id; Type: INDEX; Schema: public; Owner: stationdesk
--

CREATE INDEX r_participation_station_id ON public.r_participation USING btree (station_id);

--
-- Name: r_participation_station_id_activity_id; Type: INDEX; Schema: public; Owner: stationdesk
--

CREATE INDEX r_participation_station_id_activity_id ON public.r_participation USING btree (station_id, activity_id);

--
-- Name: r_volunteer_station_id; Type: INDEX; Schema: public; Owner: stationdesk
--

CREATE INDEX r_volunteer_station_id ON public.r_volunteer USING btree (station_id);

--
-- Name: r_volunteer_station_id_local_id; Type: INDEX; Schema: public; Owner: stationdesk
--

CREATE UNIQUE INDEX r_volunteer_station_id_local_id ON public.r_volunteer USING btree (station_id, local_id);

--
-- Name: r_activity r_activity_station_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: stationdesk
--

ALTER TABLE ONLY public.r_activity
    ADD CONSTRAINT r_activity_station_id_fkey FOREIGN KEY (station_id) REFERENCES public.r_station(station_id) ON DELETE CASCADE;

--
-- Name: r_participation r_participation_station_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: stationdesk
--

ALTER TABLE ONLY public.r_participation
    ADD CONSTRAINT r_participation_station_id_fkey FOREIGN KEY (station_id) REFERENCES public.r_station(station_id) ON DELETE CASCADE;

--
-- Name: r_stats r_stats_station_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: stationdesk
--

ALTER TABLE ONLY public.r_stats
    ADD CONSTRAINT r_stats_station_id_fkey FOREIGN KEY (station_id) REFERENCES public.r_station(station_id) ON DELETE CASCADE;

--
-- Name: r_volunteer r_volunteer_station_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: stationdesk
--

ALTER TABLE ONLY public.r_volunteer
    ADD CONSTRAINT r_volunteer_station_id_fkey FOREIGN KEY (station_id) REFERENCES public.r_station(station_id) ON DELETE CASCADE;

--
-- PostgreSQL database dump complete
--

