/**
 * The 153 councils with adult social care responsibility (CASSRs) in England, April 2023
 * geography, as data. Sources (public): the ONS register of geographic codes (GSS codes, names,
 * regions), NHS England's CASSR codes as carried by ASCOF/SAC/SALT files, and the NHS ICB
 * boundaries of April 2023 for integrated care systems.
 *
 * Changes this table reflects (see ../shared/docs/data-sources.md §5):
 * - April 2019: Bournemouth, Christchurch and Poole (E06000058) and Dorset (E06000059) replace
 *   Bournemouth (E06000028), Poole (E06000029) and Dorset County Council (E10000009).
 * - April 2020: Buckinghamshire becomes a unitary (E10000002 -> E06000060).
 * - April 2021: North (E06000061) and West Northamptonshire (E06000062) replace E10000021.
 * - April 2023: Cumberland (E06000063) and Westmorland and Furness (E06000064) replace Cumbria
 *   (E10000006); North Yorkshire (E06000065) and Somerset (E06000066) become unitaries
 *   (E10000023, E10000027 retired).
 * City of London and the Isles of Scilly are CASSRs too, which is how the count reaches 153.
 */

export type CouncilType = "UA" | "MD" | "LB" | "CC";

export interface Region {
  code: string; // E12...
  name: string; // ONS name
  nhs_code: string; // the abbreviation NHS England files use
}

export const REGIONS: Region[] = [
  {code: "E12000001", name: "North East", nhs_code: "NE"},
  {code: "E12000002", name: "North West", nhs_code: "NW"},
  {code: "E12000003", name: "Yorkshire and The Humber", nhs_code: "YH"},
  {code: "E12000004", name: "East Midlands", nhs_code: "EM"},
  {code: "E12000005", name: "West Midlands", nhs_code: "WM"},
  {code: "E12000006", name: "East of England", nhs_code: "E"},
  {code: "E12000007", name: "London", nhs_code: "L"},
  {code: "E12000008", name: "South East", nhs_code: "SE"},
  {code: "E12000009", name: "South West", nhs_code: "SW"}
];

/** The council's type follows from its GSS entity code (ONS: E06 unitary, E08 metropolitan district, E09 London borough, E10 county). */
export function councilTypeFromCode(code: string): CouncilType {
  const prefix = code.slice(0, 3);
  if (prefix === "E06") return "UA";
  if (prefix === "E08") return "MD";
  if (prefix === "E09") return "LB";
  if (prefix === "E10") return "CC";
  throw new Error(`${code} is not a council GSS code (E06, E08, E09 or E10)`);
}

/**
 * [GSS code, CASSR code, ONS name, short name, NHS region abbreviation].
 * Short names are what a chart label needs: "Bristol", not "Bristol, City of".
 */
export const COUNCIL_TABLE: readonly (readonly [string, string, string, string, string])[] = [
  // North East
  ["E06000047", "116", "County Durham", "Durham", "NE"],
  ["E06000005", "117", "Darlington", "Darlington", "NE"],
  ["E08000037", "106", "Gateshead", "Gateshead", "NE"],
  ["E06000001", "111", "Hartlepool", "Hartlepool", "NE"],
  ["E06000002", "112", "Middlesbrough", "Middlesbrough", "NE"],
  ["E08000021", "107", "Newcastle upon Tyne", "Newcastle", "NE"],
  ["E08000022", "108", "North Tyneside", "North Tyneside", "NE"],
  ["E06000057", "104", "Northumberland", "Northumberland", "NE"],
  ["E06000003", "113", "Redcar and Cleveland", "Redcar and Cleveland", "NE"],
  ["E08000023", "109", "South Tyneside", "South Tyneside", "NE"],
  ["E06000004", "114", "Stockton-on-Tees", "Stockton-on-Tees", "NE"],
  ["E08000024", "110", "Sunderland", "Sunderland", "NE"],
  // North West
  ["E06000008", "324", "Blackburn with Darwen", "Blackburn with Darwen", "NW"],
  ["E06000009", "325", "Blackpool", "Blackpool", "NW"],
  ["E08000001", "304", "Bolton", "Bolton", "NW"],
  ["E08000002", "305", "Bury", "Bury", "NW"],
  ["E06000049", "326", "Cheshire East", "Cheshire East", "NW"],
  ["E06000050", "327", "Cheshire West and Chester", "Cheshire West and Chester", "NW"],
  ["E06000063", "H6X4G", "Cumberland", "Cumberland", "NW"],
  ["E06000006", "321", "Halton", "Halton", "NW"],
  ["E08000011", "315", "Knowsley", "Knowsley", "NW"],
  ["E10000017", "323", "Lancashire", "Lancashire", "NW"],
  ["E08000012", "316", "Liverpool", "Liverpool", "NW"],
  ["E08000003", "306", "Manchester", "Manchester", "NW"],
  ["E08000004", "307", "Oldham", "Oldham", "NW"],
  ["E08000005", "308", "Rochdale", "Rochdale", "NW"],
  ["E08000006", "309", "Salford", "Salford", "NW"],
  ["E08000014", "317", "Sefton", "Sefton", "NW"],
  ["E08000013", "318", "St. Helens", "St Helens", "NW"],
  ["E08000007", "310", "Stockport", "Stockport", "NW"],
  ["E08000008", "311", "Tameside", "Tameside", "NW"],
  ["E08000009", "312", "Trafford", "Trafford", "NW"],
  ["E06000007", "322", "Warrington", "Warrington", "NW"],
  ["E06000064", "W8X1Q", "Westmorland and Furness", "Westmorland and Furness", "NW"],
  ["E08000010", "313", "Wigan", "Wigan", "NW"],
  ["E08000015", "319", "Wirral", "Wirral", "NW"],
  // Yorkshire and The Humber
  ["E08000016", "204", "Barnsley", "Barnsley", "YH"],
  ["E08000032", "209", "Bradford", "Bradford", "YH"],
  ["E08000033", "210", "Calderdale", "Calderdale", "YH"],
  ["E08000017", "205", "Doncaster", "Doncaster", "YH"],
  ["E06000011", "214", "East Riding of Yorkshire", "East Riding of Yorkshire", "YH"],
  ["E06000010", "215", "Kingston upon Hull, City of", "Hull", "YH"],
  ["E08000034", "211", "Kirklees", "Kirklees", "YH"],
  ["E08000035", "212", "Leeds", "Leeds", "YH"],
  ["E06000012", "216", "North East Lincolnshire", "North East Lincolnshire", "YH"],
  ["E06000013", "217", "North Lincolnshire", "North Lincolnshire", "YH"],
  ["E06000065", "218", "North Yorkshire", "North Yorkshire", "YH"],
  ["E08000018", "206", "Rotherham", "Rotherham", "YH"],
  ["E08000019", "207", "Sheffield", "Sheffield", "YH"],
  ["E08000036", "213", "Wakefield", "Wakefield", "YH"],
  ["E06000014", "219", "York", "York", "YH"],
  // East Midlands
  ["E06000015", "507", "Derby", "Derby", "EM"],
  ["E10000007", "506", "Derbyshire", "Derbyshire", "EM"],
  ["E06000016", "509", "Leicester", "Leicester", "EM"],
  ["E10000018", "508", "Leicestershire", "Leicestershire", "EM"],
  ["E10000019", "503", "Lincolnshire", "Lincolnshire", "EM"],
  ["E06000061", "Z9D4Z", "North Northamptonshire", "North Northamptonshire", "EM"],
  ["E06000018", "512", "Nottingham", "Nottingham", "EM"],
  ["E10000024", "511", "Nottinghamshire", "Nottinghamshire", "EM"],
  ["E06000017", "510", "Rutland", "Rutland", "EM"],
  ["E06000062", "U6Q5Z", "West Northamptonshire", "West Northamptonshire", "EM"],
  // West Midlands
  ["E08000025", "406", "Birmingham", "Birmingham", "WM"],
  ["E08000026", "407", "Coventry", "Coventry", "WM"],
  ["E08000027", "408", "Dudley", "Dudley", "WM"],
  ["E06000019", "415", "Herefordshire, County of", "Herefordshire", "WM"],
  ["E08000028", "409", "Sandwell", "Sandwell", "WM"],
  ["E06000051", "417", "Shropshire", "Shropshire", "WM"],
  ["E08000029", "410", "Solihull", "Solihull", "WM"],
  ["E10000028", "413", "Staffordshire", "Staffordshire", "WM"],
  ["E06000021", "414", "Stoke-on-Trent", "Stoke-on-Trent", "WM"],
  ["E06000020", "418", "Telford and Wrekin", "Telford and Wrekin", "WM"],
  ["E08000030", "411", "Walsall", "Walsall", "WM"],
  ["E10000031", "404", "Warwickshire", "Warwickshire", "WM"],
  ["E08000031", "412", "Wolverhampton", "Wolverhampton", "WM"],
  ["E10000034", "416", "Worcestershire", "Worcestershire", "WM"],
  // East of England
  ["E06000055", "625", "Bedford", "Bedford", "E"],
  ["E10000003", "623", "Cambridgeshire", "Cambridgeshire", "E"],
  ["E06000056", "626", "Central Bedfordshire", "Central Bedfordshire", "E"],
  ["E10000012", "620", "Essex", "Essex", "E"],
  ["E10000015", "606", "Hertfordshire", "Hertfordshire", "E"],
  ["E06000032", "611", "Luton", "Luton", "E"],
  ["E10000020", "607", "Norfolk", "Norfolk", "E"],
  ["E06000031", "624", "Peterborough", "Peterborough", "E"],
  ["E06000033", "621", "Southend-on-Sea", "Southend-on-Sea", "E"],
  ["E10000029", "609", "Suffolk", "Suffolk", "E"],
  ["E06000034", "622", "Thurrock", "Thurrock", "E"],
  // London
  ["E09000002", "716", "Barking and Dagenham", "Barking and Dagenham", "L"],
  ["E09000003", "717", "Barnet", "Barnet", "L"],
  ["E09000004", "718", "Bexley", "Bexley", "L"],
  ["E09000005", "719", "Brent", "Brent", "L"],
  ["E09000006", "720", "Bromley", "Bromley", "L"],
  ["E09000007", "702", "Camden", "Camden", "L"],
  ["E09000001", "714", "City of London", "City of London", "L"],
  ["E09000008", "721", "Croydon", "Croydon", "L"],
  ["E09000009", "722", "Ealing", "Ealing", "L"],
  ["E09000010", "723", "Enfield", "Enfield", "L"],
  ["E09000011", "703", "Greenwich", "Greenwich", "L"],
  ["E09000012", "704", "Hackney", "Hackney", "L"],
  ["E09000013", "705", "Hammersmith and Fulham", "Hammersmith and Fulham", "L"],
  ["E09000014", "724", "Haringey", "Haringey", "L"],
  ["E09000015", "725", "Harrow", "Harrow", "L"],
  ["E09000016", "726", "Havering", "Havering", "L"],
  ["E09000017", "727", "Hillingdon", "Hillingdon", "L"],
  ["E09000018", "728", "Hounslow", "Hounslow", "L"],
  ["E09000019", "706", "Islington", "Islington", "L"],
  ["E09000020", "707", "Kensington and Chelsea", "Kensington and Chelsea", "L"],
  ["E09000021", "729", "Kingston upon Thames", "Kingston upon Thames", "L"],
  ["E09000022", "708", "Lambeth", "Lambeth", "L"],
  ["E09000023", "709", "Lewisham", "Lewisham", "L"],
  ["E09000024", "730", "Merton", "Merton", "L"],
  ["E09000025", "731", "Newham", "Newham", "L"],
  ["E09000026", "732", "Redbridge", "Redbridge", "L"],
  ["E09000027", "733", "Richmond upon Thames", "Richmond upon Thames", "L"],
  ["E09000028", "710", "Southwark", "Southwark", "L"],
  ["E09000029", "734", "Sutton", "Sutton", "L"],
  ["E09000030", "711", "Tower Hamlets", "Tower Hamlets", "L"],
  ["E09000031", "735", "Waltham Forest", "Waltham Forest", "L"],
  ["E09000032", "712", "Wandsworth", "Wandsworth", "L"],
  ["E09000033", "713", "Westminster", "Westminster", "L"],
  // South East
  ["E06000036", "614", "Bracknell Forest", "Bracknell Forest", "SE"],
  ["E06000043", "816", "Brighton and Hove", "Brighton and Hove", "SE"],
  ["E06000060", "916", "Buckinghamshire", "Buckinghamshire", "SE"],
  ["E10000011", "815", "East Sussex", "East Sussex", "SE"],
  ["E10000014", "812", "Hampshire", "Hampshire", "SE"],
  ["E06000046", "803", "Isle of Wight", "Isle of Wight", "SE"],
  ["E10000016", "820", "Kent", "Kent", "SE"],
  ["E06000035", "821", "Medway", "Medway", "SE"],
  ["E06000042", "613", "Milton Keynes", "Milton Keynes", "SE"],
  ["E10000025", "608", "Oxfordshire", "Oxfordshire", "SE"],
  ["E06000044", "813", "Portsmouth", "Portsmouth", "SE"],
  ["E06000038", "616", "Reading", "Reading", "SE"],
  ["E06000039", "617", "Slough", "Slough", "SE"],
  ["E06000045", "814", "Southampton", "Southampton", "SE"],
  ["E10000030", "805", "Surrey", "Surrey", "SE"],
  ["E06000037", "615", "West Berkshire", "West Berkshire", "SE"],
  ["E10000032", "807", "West Sussex", "West Sussex", "SE"],
  ["E06000040", "618", "Windsor and Maidenhead", "Windsor and Maidenhead", "SE"],
  ["E06000041", "619", "Wokingham", "Wokingham", "SE"],
  // South West
  ["E06000022", "908", "Bath and North East Somerset", "Bath and NE Somerset", "SW"],
  ["E06000058", "738", "Bournemouth, Christchurch and Poole", "BCP", "SW"],
  ["E06000023", "909", "Bristol, City of", "Bristol", "SW"],
  ["E06000052", "902", "Cornwall", "Cornwall", "SW"],
  ["E10000008", "912", "Devon", "Devon", "SW"],
  ["E06000059", "809", "Dorset", "Dorset", "SW"],
  ["E10000013", "904", "Gloucestershire", "Gloucestershire", "SW"],
  ["E06000053", "906", "Isles of Scilly", "Isles of Scilly", "SW"],
  ["E06000024", "910", "North Somerset", "North Somerset", "SW"],
  ["E06000026", "913", "Plymouth", "Plymouth", "SW"],
  ["E06000066", "905", "Somerset", "Somerset", "SW"],
  ["E06000025", "911", "South Gloucestershire", "South Gloucestershire", "SW"],
  ["E06000030", "819", "Swindon", "Swindon", "SW"],
  ["E06000027", "914", "Torbay", "Torbay", "SW"],
  ["E06000054", "817", "Wiltshire", "Wiltshire", "SW"]
];

export interface IntegratedCareSystem {
  code: string; // E54..., the ICB area code (April 2023)
  name: string;
  /** Codes the same ICB carried earlier, which older NHS files use. */
  earlier_codes?: string[];
}

/** The integrated care systems whose ICBs cover South East councils (plus Bedfordshire, Luton and Milton Keynes, Milton Keynes's ICS). */
export const INTEGRATED_CARE_SYSTEMS: IntegratedCareSystem[] = [
  {code: "E54000024", name: "Bedfordshire, Luton and Milton Keynes"},
  {code: "E54000032", name: "Kent and Medway"},
  {code: "E54000034", name: "Frimley"},
  {code: "E54000042", name: "Hampshire and Isle of Wight"},
  {code: "E54000044", name: "Buckinghamshire, Oxfordshire and Berkshire West"},
  // ONS recoded Surrey Heartlands and Sussex in April 2023 after a boundary change between them
  // (E54000052 -> E54000063, E54000053 -> E54000064); files from 2022-23 carry the old codes.
  {code: "E54000063", name: "Surrey Heartlands", earlier_codes: ["E54000052"]},
  {code: "E54000064", name: "Sussex", earlier_codes: ["E54000053"]}
];

/**
 * Council -> ICS. Recorded for every South East council, and for the three East of England
 * councils that share Milton Keynes's ICS so that the BLMK group is complete.
 *
 * Rule where a council straddles ICS boundaries: the ICS covering most of the council's
 * population. Hampshire: Hampshire and Isle of Wight (Hart and Rushmoor are in Frimley).
 * Surrey: Surrey Heartlands (Surrey Heath and parts of Waverley are in Frimley, East Surrey's
 * Tandridge area in Sussex for some services). Bracknell Forest, Slough, Windsor and Maidenhead:
 * Frimley. Milton Keynes sits in the South East region but in the Bedfordshire, Luton and
 * Milton Keynes ICS, whose other councils are in the East of England.
 */
export const ICS_BY_COUNCIL: Record<string, string> = {
  E06000036: "E54000034", // Bracknell Forest
  E06000039: "E54000034", // Slough
  E06000040: "E54000034", // Windsor and Maidenhead
  E06000037: "E54000044", // West Berkshire
  E06000038: "E54000044", // Reading
  E06000041: "E54000044", // Wokingham
  E06000060: "E54000044", // Buckinghamshire
  E10000025: "E54000044", // Oxfordshire
  E06000042: "E54000024", // Milton Keynes
  E06000055: "E54000024", // Bedford
  E06000056: "E54000024", // Central Bedfordshire
  E06000032: "E54000024", // Luton
  E06000043: "E54000064", // Brighton and Hove
  E10000011: "E54000064", // East Sussex
  E10000032: "E54000064", // West Sussex
  E06000044: "E54000042", // Portsmouth
  E06000045: "E54000042", // Southampton
  E06000046: "E54000042", // Isle of Wight
  E10000014: "E54000042", // Hampshire
  E06000035: "E54000032", // Medway
  E10000016: "E54000032", // Kent
  E10000030: "E54000063" // Surrey
};

/**
 * Councils abolished since 2019 whose codes still appear in older publications (ASCOF trend
 * files from 2017-18, SAC before 2023-24). Known so that an old file names them properly; they
 * are not members of any current group.
 */
export interface RetiredCouncil {
  code: string;
  cassr: string;
  name: string;
  abolished: string; // ISO date the successor councils took over
  successors: string[];
  /** The successor covers exactly this council's area under a new code, so its series runs on. */
  same_boundary: boolean;
}

/**
 * Codes ONS issued after April 2023 for councils that still exist. A boundary change between
 * Barnsley and Sheffield in April 2024 gave both new codes (E08000038, E08000039); the councils,
 * their CASSR codes and their social care responsibility are unchanged, so publications from
 * 2024-25 on may carry either code. `councilByCode` accepts both and returns the 2023 record.
 */
export const LATER_CODES: Record<string, string> = {
  E08000038: "E08000016", // Barnsley
  E08000039: "E08000019" // Sheffield
};

export const RETIRED_COUNCILS: RetiredCouncil[] = [
  {code: "E06000028", cassr: "810", name: "Bournemouth", abolished: "2019-04-01", successors: ["E06000058"], same_boundary: false},
  {code: "E06000029", cassr: "811", name: "Poole", abolished: "2019-04-01", successors: ["E06000058"], same_boundary: false},
  {code: "E10000009", cassr: "809", name: "Dorset", abolished: "2019-04-01", successors: ["E06000058", "E06000059"], same_boundary: false},
  {code: "E10000002", cassr: "612", name: "Buckinghamshire", abolished: "2020-04-01", successors: ["E06000060"], same_boundary: true},
  {code: "E10000021", cassr: "504", name: "Northamptonshire", abolished: "2021-04-01", successors: ["E06000061", "E06000062"], same_boundary: false},
  {code: "E10000006", cassr: "102", name: "Cumbria", abolished: "2023-04-01", successors: ["E06000063", "E06000064"], same_boundary: false},
  {code: "E10000023", cassr: "218", name: "North Yorkshire", abolished: "2023-04-01", successors: ["E06000065"], same_boundary: true},
  {code: "E10000027", cassr: "905", name: "Somerset", abolished: "2023-04-01", successors: ["E06000066"], same_boundary: true}
];
