#include "connectors/synthetic/synthetic_vocabulary.h"

namespace clearbid::synthetic {
namespace {

// ---------------------------------------------------------------- United Kingdom
constexpr LegalForm kGbForms[] = {{"Ltd", "Ltd", "Limited"}, {"Limited", "Limited", "Ltd"},
                                  {"PLC", "PLC", "plc"}, {"LLP", "LLP", "LLP"}};
constexpr const char* kGbStems[] = {"Northern", "Albion", "Crown", "Pennine", "Thames", "Midland", "Highland",
                                    "Westfield", "Kingsway", "Harbour", "Oakwood", "Brighton", "Mercia"};
constexpr const char* kGbSuffixes[] = {"Apparel", "Workwear", "Facilities Management", "Security Services",
                                       "Logistics", "Cleaning Services", "Construction", "Supplies",
                                       "Foods", "Recruitment", "Technologies", "Textiles"};
constexpr const char* kGbLocalities[] = {"London", "Manchester", "Leicester", "Birmingham", "Leeds", "Glasgow"};
constexpr const char* kGbStreets[] = {"High Street", "Station Road", "Church Lane", "Victoria Road",
                                      "Mill Lane", "Park Avenue"};
constexpr PublicBuyer kGbBuyers[] = {{"Ministry of Defence", "London"},
                                     {"NHS Supply Chain", "Leeds"},
                                     {"Crown Commercial Service", "Liverpool"},
                                     {"Leicester City Council", "Leicester"},
                                     {"Transport for London", "London"}};

// ---------------------------------------------------------------- Ukraine
constexpr LegalForm kUaForms[] = {{"ТОВ", "TOV", "LLC"}, {"ПП", "PP", "PE"}, {"ПрАТ", "PrAT", "PJSC"},
                                  {"ФОП", "FOP", "Sole trader"}};
constexpr const char* kUaStems[] = {"Київ", "Дніпро", "Світанок", "Укртекстиль", "Полісся", "Карпати",
                                    "Будінвест", "Агросвіт", "Зоря", "Слобожанщина", "Техносервіс", "Оберіг"};
constexpr const char* kUaSuffixes[] = {"Груп", "Плюс", "Трейд", "Постач", "Буд", "Текстиль", "Сервіс"};
constexpr const char* kUaLocalities[] = {"Київ", "Харків", "Львів", "Одеса", "Дніпро", "Житомир"};
constexpr const char* kUaStreets[] = {"вул. Шевченка", "вул. Грушевського", "просп. Перемоги",
                                      "вул. Хрещатик", "вул. Франка", "вул. Січових Стрільців"};
constexpr PublicBuyer kUaBuyers[] = {{"Міністерство оборони України", "Київ"},
                                     {"Київська міська рада", "Київ"},
                                     {"Державна служба України з надзвичайних ситуацій", "Київ"},
                                     {"КНП «Харківська міська клінічна лікарня №2»", "Харків"},
                                     {"Львівська обласна державна адміністрація", "Львів"}};

// ---------------------------------------------------------------- Portugal
constexpr LegalForm kPtForms[] = {{"Lda.", "Lda", "Ltd"}, {"S.A.", "SA", "PLC"},
                                  {"Unipessoal Lda.", "Unipessoal Lda", "Ltd"}};
constexpr const char* kPtStems[] = {"Lusitana", "Atlântico", "Minho", "Tejo", "Douro", "Estrela", "Algarve",
                                    "Barcelos", "Guimarães", "Ibérica", "Vale do Ave"};
constexpr const char* kPtSuffixes[] = {"Confecções", "Têxteis", "Construções", "Limpezas", "Vigilância",
                                       "Alimentar", "Informática", "Serviços"};
constexpr const char* kPtLocalities[] = {"Lisboa", "Porto", "Braga", "Guimarães", "Coimbra", "Faro"};
constexpr const char* kPtStreets[] = {"Rua Augusta", "Avenida da Liberdade", "Rua de Santa Catarina",
                                      "Rua do Comércio", "Avenida da República"};
constexpr PublicBuyer kPtBuyers[] = {{"Município de Lisboa", "Lisboa"},
                                     {"Serviços Partilhados do Ministério da Saúde, E.P.E.", "Lisboa"},
                                     {"Câmara Municipal do Porto", "Porto"},
                                     {"Centro Hospitalar Universitário de Coimbra, E.P.E.", "Coimbra"}};

// ---------------------------------------------------------------- Moldova
constexpr LegalForm kMdForms[] = {{"SRL", "SRL", "LLC"}, {"S.A.", "SA", "JSC"}, {"Î.I.", "II", "Sole trader"}};
constexpr const char* kMdStems[] = {"Moldova", "Prim", "Nistru", "Codru", "Basarabia", "Orhei", "Bălți",
                                    "Dacia", "Zimbru", "Cahul"};
constexpr const char* kMdSuffixes[] = {"Textil", "Agro", "Construct", "Grup", "Service", "Trans", "Com"};
constexpr const char* kMdLocalities[] = {"Chișinău", "Bălți", "Orhei", "Cahul", "Ungheni"};
constexpr const char* kMdStreets[] = {"str. Ștefan cel Mare", "bd. Dacia", "str. Mihai Eminescu",
                                      "str. Alba Iulia", "bd. Moscova"};
constexpr PublicBuyer kMdBuyers[] = {{"Ministerul Sănătății al Republicii Moldova", "Chișinău"},
                                     {"Centrul pentru Achiziții Publice Centralizate în Sănătate", "Chișinău"},
                                     {"Primăria municipiului Chișinău", "Chișinău"},
                                     {"Agenția Servicii Publice", "Chișinău"}};

// ---------------------------------------------------------------- Kazakhstan
constexpr LegalForm kKzForms[] = {{"ТОО", "TOO", "LLP"}, {"АО", "AO", "JSC"}, {"ИП", "IP", "Sole trader"}};
constexpr const char* kKzStems[] = {"Алтын", "Сункар", "Астана", "Каспий", "Жол", "Арман", "Береке",
                                    "Казтекстиль", "Тараз", "Сарыарка", "Шымкент"};
constexpr const char* kKzSuffixes[] = {"Строй", "Снаб", "Групп", "Трейд", "Сервис", "Азия", "Пром"};
constexpr const char* kKzLocalities[] = {"Астана", "Алматы", "Шымкент", "Караганда", "Актобе"};
constexpr const char* kKzStreets[] = {"пр. Абая", "ул. Кенесары", "пр. Республики", "ул. Толе би",
                                      "пр. Назарбаева"};
constexpr PublicBuyer kKzBuyers[] = {{"ГУ «Управление здравоохранения города Алматы»", "Алматы"},
                                     {"Министерство обороны Республики Казахстан", "Астана"},
                                     {"ГУ «Аппарат акима города Астаны»", "Астана"},
                                     {"КГП на ПХВ «Городская поликлиника №5»", "Караганда"}};

// ---------------------------------------------------------------- Türkiye
constexpr LegalForm kTrForms[] = {{"A.Ş.", "AS", "Inc."}, {"Ltd. Şti.", "Ltd Sti", "Ltd"},
                                  {"San. ve Tic. Ltd. Şti.", "San ve Tic Ltd Sti", "Ltd"}};
constexpr const char* kTrStems[] = {"Anadolu", "Ege", "Marmara", "Yıldız", "Karadeniz", "Bursa", "Denizli",
                                    "Gaziantep", "Öztürk", "Akdeniz", "Çukurova"};
constexpr const char* kTrSuffixes[] = {"Tekstil", "Konfeksiyon", "İnşaat", "Güvenlik", "Gıda", "Temizlik",
                                       "Elektronik", "Madencilik"};
constexpr const char* kTrLocalities[] = {"İstanbul", "Ankara", "Bursa", "İzmir", "Gaziantep", "Denizli"};
constexpr const char* kTrStreets[] = {"Atatürk Cad. No:", "İstiklal Cad. No:", "Cumhuriyet Mah. No:",
                                      "Gazi Bulvarı No:", "Organize Sanayi Bölgesi No:"};
constexpr PublicBuyer kTrBuyers[] = {{"T.C. Sağlık Bakanlığı", "Ankara"},
                                     {"İstanbul Büyükşehir Belediyesi", "İstanbul"},
                                     {"Milli Savunma Bakanlığı", "Ankara"},
                                     {"Bursa Büyükşehir Belediyesi", "Bursa"}};

// ---------------------------------------------------------------- Russia
constexpr LegalForm kRuForms[] = {{"ООО", "OOO", "LLC"}, {"АО", "AO", "JSC"}, {"ПАО", "PAO", "PJSC"},
                                  {"ИП", "IP", "Sole trader"}};
constexpr const char* kRuStems[] = {"Восток", "Сибирь", "Ромашка", "Прогресс", "Север", "Волга", "Урал",
                                    "Альфа", "Текстильщик", "Щит", "Жемчуг", "Заря"};
constexpr const char* kRuSuffixes[] = {"Групп", "Плюс", "Трейд", "Снаб", "Строй", "Сервис", "Пром", "Охрана"};
constexpr const char* kRuLocalities[] = {"Москва", "Санкт-Петербург", "Иваново", "Новосибирск", "Казань",
                                         "Екатеринбург"};
constexpr const char* kRuStreets[] = {"ул. Ленина", "ул. Гагарина", "пр. Мира", "ул. Садовая",
                                      "ул. Щорса", "Шоссе Энтузиастов"};
constexpr PublicBuyer kRuBuyers[] = {{"ГБУЗ «Городская клиническая больница №1»", "Москва"},
                                     {"Министерство здравоохранения Российской Федерации", "Москва"},
                                     {"Администрация города Иваново", "Иваново"},
                                     {"ФКУ «Центр хозяйственного обеспечения»", "Санкт-Петербург"}};

// ---------------------------------------------------------------- Germany
constexpr LegalForm kDeForms[] = {{"GmbH", "GmbH", "GmbH"}, {"AG", "AG", "AG"},
                                  {"GmbH & Co. KG", "GmbH & Co. KG", "GmbH & Co. KG"}, {"e.K.", "e.K.", "e.K."}};
constexpr const char* kDeStems[] = {"Müller", "Schneider", "Weißenfels", "Rhein", "Nordsee", "Schwarzwald",
                                    "Bayern", "Elbtal", "Hoffmann", "Sächsische", "Brandt"};
constexpr const char* kDeSuffixes[] = {"Textilwerk", "Bau", "Sicherheitsdienst", "Gebäudereinigung",
                                       "Logistik", "Elektronik", "Personalservice", "Lebensmittel"};
constexpr const char* kDeLocalities[] = {"Berlin", "München", "Hamburg", "Köln", "Leipzig", "Düsseldorf"};
constexpr const char* kDeStreets[] = {"Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Gartenweg",
                                      "Industriestraße", "Königsallee"};
constexpr PublicBuyer kDeBuyers[] = {{"Beschaffungsamt des Bundesministeriums des Innern", "Bonn"},
                                     {"Landeshauptstadt München", "München"},
                                     {"Bundesamt für Ausrüstung, Informationstechnik und Nutzung der Bundeswehr",
                                      "Koblenz"},
                                     {"Stadt Köln", "Köln"}};

// ---------------------------------------------------------------- Poland
constexpr LegalForm kPlForms[] = {{"Sp. z o.o.", "Sp. z o.o.", "LLC"}, {"S.A.", "SA", "JSC"},
                                  {"Sp. j.", "Sp. j.", "General partnership"}};
constexpr const char* kPlStems[] = {"Polskie", "Mazowsze", "Wisła", "Łódź", "Bałtyk", "Karpaty", "Śląsk",
                                    "Orzeł", "Pomorze", "Gdańsk"};
constexpr const char* kPlSuffixes[] = {"Tekstylia", "Budownictwo", "Ochrona", "Sprzątanie", "Agencja Pracy",
                                       "Żywność", "Elektronika"};
constexpr const char* kPlLocalities[] = {"Warszawa", "Łódź", "Kraków", "Gdańsk", "Poznań"};
constexpr const char* kPlStreets[] = {"ul. Marszałkowska", "ul. Piotrkowska", "ul. Długa", "al. Jana Pawła II",
                                      "ul. Polna"};
constexpr PublicBuyer kPlBuyers[] = {{"Agencja Mienia Wojskowego", "Warszawa"},
                                     {"Urząd Miasta Łodzi", "Łódź"},
                                     {"Szpital Uniwersytecki w Krakowie", "Kraków"}};

// ---------------------------------------------------------------- Romania
constexpr LegalForm kRoForms[] = {{"SRL", "SRL", "LLC"}, {"S.A.", "SA", "JSC"}, {"PFA", "PFA", "Sole trader"}};
constexpr const char* kRoStems[] = {"Carpați", "Dunărea", "Transilvania", "Moldova", "Bucovina", "Oltenia",
                                    "Banat", "Mureș", "Argeș"};
constexpr const char* kRoSuffixes[] = {"Confecții", "Construcții", "Pază", "Curățenie", "Agro", "Impex"};
constexpr const char* kRoLocalities[] = {"București", "Cluj-Napoca", "Iași", "Timișoara", "Constanța"};
constexpr const char* kRoStreets[] = {"Str. Victoriei", "Bd. Unirii", "Str. Mihai Viteazul", "Calea Dorobanților"};
constexpr PublicBuyer kRoBuyers[] = {{"Ministerul Apărării Naționale", "București"},
                                     {"Primăria Municipiului Cluj-Napoca", "Cluj-Napoca"},
                                     {"Spitalul Clinic Județean de Urgență Iași", "Iași"}};

// ---------------------------------------------------------------- Italy
constexpr LegalForm kItForms[] = {{"S.r.l.", "Srl", "LLC"}, {"S.p.A.", "SpA", "JSC"}, {"S.n.c.", "Snc", "Partnership"}};
constexpr const char* kItStems[] = {"Lombarda", "Toscana", "Adriatica", "Prato", "Veneta", "Sicula", "Partenope",
                                    "Ferraro", "Bianchi"};
constexpr const char* kItSuffixes[] = {"Tessile", "Costruzioni", "Vigilanza", "Pulizie", "Alimentari",
                                       "Servizi", "Confezioni"};
constexpr const char* kItLocalities[] = {"Roma", "Milano", "Prato", "Napoli", "Torino"};
constexpr const char* kItStreets[] = {"Via Roma", "Via Garibaldi", "Corso Italia", "Via Dante", "Viale Europa"};
constexpr PublicBuyer kItBuyers[] = {{"Consip S.p.A.", "Roma"},
                                     {"Comune di Milano", "Milano"},
                                     {"Azienda Ospedaliera Universitaria Careggi", "Firenze"}};

// ---------------------------------------------------------------- Albania
constexpr LegalForm kAlForms[] = {{"Sh.p.k.", "SHPK", "LLC"}, {"Sh.a.", "SHA", "JSC"}};
constexpr const char* kAlStems[] = {"Shqiponja", "Adriatik", "Iliria", "Drini", "Vlora", "Durrësi", "Arbëria",
                                    "Korça"};
constexpr const char* kAlSuffixes[] = {"Tekstil", "Ndërtim", "Konfeksione", "Siguri", "Pastrim", "Ushqime"};
constexpr const char* kAlLocalities[] = {"Tiranë", "Durrës", "Shkodër", "Vlorë", "Korçë"};
constexpr const char* kAlStreets[] = {"Rruga e Kavajës", "Bulevardi Zogu I", "Rruga Myslym Shyri",
                                      "Rruga e Durrësit"};
constexpr PublicBuyer kAlBuyers[] = {{"Ministria e Shëndetësisë dhe Mbrojtjes Sociale", "Tiranë"},
                                     {"Bashkia Tiranë", "Tiranë"},
                                     {"Agjencia e Blerjeve të Përqendruara", "Tiranë"}};

// ---------------------------------------------------------------- Armenia
constexpr LegalForm kAmForms[] = {{"ՍՊԸ", "SPY", "LLC"}, {"ՓԲԸ", "PBY", "CJSC"}};
constexpr const char* kAmStems[] = {"Արարատ", "Երևան", "Արմենիա", "Գյումրի", "Սևան", "Ararat", "Armtex",
                                    "Masis"};
constexpr const char* kAmSuffixes[] = {"Group", "Textile", "Trade", "Շին", "Servis"};
constexpr const char* kAmLocalities[] = {"Yerevan", "Gyumri", "Vanadzor", "Երևան"};
constexpr const char* kAmStreets[] = {"Abovyan St.", "Tigran Mets Ave.", "Mashtots Ave.", "Komitas Ave."};
constexpr PublicBuyer kAmBuyers[] = {{"Ministry of Health of the Republic of Armenia", "Yerevan"},
                                     {"Yerevan Municipality", "Yerevan"},
                                     {"«Գյումրու բժշկական կենտրոն» ՓԲԸ", "Gyumri"}};

// ---------------------------------------------------------------- Georgia
constexpr LegalForm kGeForms[] = {{"შპს", "Shps", "LLC"}, {"სს", "SS", "JSC"}};
constexpr const char* kGeStems[] = {"საქართველო", "თბილისი", "ბათუმი", "ქუთაისი", "Kolkhida", "Iberia",
                                    "Rustavi"};
constexpr const char* kGeSuffixes[] = {"Group", "Textile", "Construction", "Security", "Trade"};
constexpr const char* kGeLocalities[] = {"Tbilisi", "Batumi", "Kutaisi", "Rustavi", "თბილისი"};
constexpr const char* kGeStreets[] = {"Rustaveli Ave.", "Chavchavadze Ave.", "Aghmashenebeli Ave.",
                                      "Kazbegi Ave."};
constexpr PublicBuyer kGeBuyers[] = {{"ქალაქ თბილისის მუნიციპალიტეტის მერია", "Tbilisi"},
                                     {"LEPL State Procurement Agency", "Tbilisi"},
                                     {"Ministry of Defence of Georgia", "Tbilisi"}};

// ---------------------------------------------------------------- Serbia
constexpr LegalForm kRsForms[] = {{"д.о.о.", "d.o.o.", "LLC"}, {"а.д.", "a.d.", "JSC"}};
constexpr const char* kRsStems[] = {"Београд", "Морава", "Шумадија", "Нови Сад", "Дунав", "Жупа", "Чачак",
                                    "Јастребац"};
constexpr const char* kRsSuffixes[] = {"Текстил", "Градња", "Обезбеђење", "Чишћење", "Трговина"};
constexpr const char* kRsLocalities[] = {"Београд", "Нови Сад", "Ниш", "Крагујевац", "Чачак"};
constexpr const char* kRsStreets[] = {"Булевар краља Александра", "Кнез Михаилова", "Улица Немањина",
                                      "Булевар ослобођења"};
constexpr PublicBuyer kRsBuyers[] = {{"Републички фонд за здравствено осигурање", "Београд"},
                                     {"Град Београд", "Београд"},
                                     {"Министарство одбране Републике Србије", "Београд"}};

constexpr CountryProfile kCountries[] = {
    {"GB", "United Kingdom", "en", "GB-COH", "NN999999", "AA9 9AA", "GBP", 85, false, false, true, "Factory",
     "Recruitment", kGbForms, kGbStems, kGbSuffixes, kGbLocalities, kGbStreets, kGbBuyers,
     {"Open procedure", "Restricted procedure", "Negotiated procedure with prior publication",
      "Direct award"}},
    {"UA", "Україна", "uk", "UA-EDR", "N9999999", "N9999", "UAH", 4400, true, true, false, "Фабрика",
     "Кадрове агентство", kUaForms, kUaStems, kUaSuffixes, kUaLocalities, kUaStreets, kUaBuyers,
     {"Відкриті торги", "Конкурентний діалог", "Переговорна процедура", "Закупівля без використання електронної системи"}},
    {"PT", "Portugal", "pt", "PT-NIPPC", "5N9999999", "N999-999", "EUR", 100, false, false, false, "Fábrica",
     "Recursos Humanos", kPtForms, kPtStems, kPtSuffixes, kPtLocalities, kPtStreets, kPtBuyers,
     {"Concurso público", "Concurso limitado por prévia qualificação", "Consulta prévia", "Ajuste direto"}},
    {"MD", "Republica Moldova", "ro", "MD-IDNO", "100N999999999", "MD-2099", "MDL", 1950, false, false, false,
     "Fabrica", "Resurse Umane", kMdForms, kMdStems, kMdSuffixes, kMdLocalities, kMdStreets, kMdBuyers,
     {"Licitație deschisă", "Licitație restrânsă", "Procedură negociată", "Contract de valoare mică"}},
    {"KZ", "Қазақстан", "kk", "KZ-BIN", "NN0N40999999", "N99999", "KZT", 50000, true, true, false, "Фабрика",
     "Кадровое агентство", kKzForms, kKzStems, kKzSuffixes, kKzLocalities, kKzStreets, kKzBuyers,
     {"Открытый конкурс", "Конкурс с предварительным квалификационным отбором", "Запрос ценовых предложений",
      "Из одного источника"}},
    {"TR", "Türkiye", "tr", "TR-VKN", "N999999999", "N9999", "TRY", 3500, false, false, false, "Fabrika",
     "İnsan Kaynakları", kTrForms, kTrStems, kTrSuffixes, kTrLocalities, kTrStreets, kTrBuyers,
     {"Açık ihale usulü", "Belli istekliler arasında ihale usulü", "Pazarlık usulü", "Doğrudan temin"}},
    {"RU", "Россия", "ru", "RU-INN", "77N9999999", "1N9999", "RUB", 9500, true, true, false, "Фабрика",
     "Кадровое агентство", kRuForms, kRuStems, kRuSuffixes, kRuLocalities, kRuStreets, kRuBuyers,
     {"Открытый конкурс в электронной форме", "Закрытый конкурс", "Запрос котировок",
      "Закупка у единственного поставщика"}},
    {"DE", "Deutschland", "de", "DE-CR", "HRB N9999", "N9999", "EUR", 100, false, false, false, "Werk",
     "Personalservice", kDeForms, kDeStems, kDeSuffixes, kDeLocalities, kDeStreets, kDeBuyers,
     {"Offenes Verfahren", "Nicht offenes Verfahren", "Verhandlungsverfahren", "Direktauftrag"}},
    {"PL", "Polska", "pl", "PL-KRS", "0000N99999", "N9-999", "PLN", 430, false, false, false, "Zakład",
     "Agencja Pracy", kPlForms, kPlStems, kPlSuffixes, kPlLocalities, kPlStreets, kPlBuyers,
     {"Przetarg nieograniczony", "Przetarg ograniczony", "Negocjacje z ogłoszeniem", "Zamówienie z wolnej ręki"}},
    {"RO", "România", "ro", "RO-CUI", "N9999999", "N99999", "RON", 497, false, false, false, "Fabrica",
     "Resurse Umane", kRoForms, kRoStems, kRoSuffixes, kRoLocalities, kRoStreets, kRoBuyers,
     {"Licitație deschisă", "Licitație restrânsă", "Negociere competitivă", "Achiziție directă"}},
    {"IT", "Italia", "it", "IT-RI", "N9999999999", "N9999", "EUR", 100, false, false, false, "Stabilimento",
     "Lavoro Interinale", kItForms, kItStems, kItSuffixes, kItLocalities, kItStreets, kItBuyers,
     {"Procedura aperta", "Procedura ristretta", "Procedura negoziata", "Affidamento diretto"}},
    {"AL", "Shqipëri", "sq", "AL-NUIS", "LN9999999A", "N999", "ALL", 10500, false, false, false, "Fabrika",
     "Rekrutim", kAlForms, kAlStems, kAlSuffixes, kAlLocalities, kAlStreets, kAlBuyers,
     {"Procedurë e hapur", "Procedurë e kufizuar", "Procedurë me negocim", "Blerje me vlerë të vogël"}},
    {"AM", "Armenia", "hy", "AM-TIN", "0N999999", "N999", "AMD", 43000, false, false, false, "Factory",
     "Recruitment", kAmForms, kAmStems, kAmSuffixes, kAmLocalities, kAmStreets, kAmBuyers,
     {"Open tender", "Restricted tender", "Request for quotations", "Single-source procurement"}},
    {"GE", "Georgia", "ka", "GE-ID", "N99999999", "N99", "GEL", 290, false, false, false, "Factory",
     "Recruitment", kGeForms, kGeStems, kGeSuffixes, kGeLocalities, kGeStreets, kGeBuyers,
     {"Electronic tender", "Restricted tender", "Simplified procurement", "Direct contracting"}},
    {"RS", "Србија", "sr", "RS-MB", "N9999999", "N9999", "RSD", 11700, true, false, false, "Фабрика",
     "Агенција за запошљавање", kRsForms, kRsStems, kRsSuffixes, kRsLocalities, kRsStreets, kRsBuyers,
     {"Отворени поступак", "Рестриктивни поступак", "Преговарачки поступак", "Набавка мале вредности"}},
};

// ---------------------------------------------------------------- Sectors (CPV 2008, UNSPSC)
constexpr Code kTextilesCpv[] = {
    {"18100000", "Occupational clothing, special workwear and accessories"},
    {"18110000", "Occupational clothing"},
    {"18130000", "Special workwear"},
    {"18222000", "Corporate clothing"},
    {"18235000", "Pullovers, cardigans and similar articles"},
    {"18330000", "T-shirts and shirts"},
    {"18412000", "Sport clothing"},
    {"18800000", "Footwear"},
    {"18830000", "Protective footwear"},
    {"18930000", "Sacks and bags"},
    {"19200000", "Textile fabrics and related items"},
    {"39512000", "Bed linen"}};
constexpr Code kTextilesUnspsc[] = {{"53102700", "Uniforms"}, {"53101600", "Shirts and blouses"},
                                    {"53111600", "Boots"}, {"46181500", "Safety apparel"}};
constexpr Code kElectronicsCpv[] = {
    {"30213000", "Personal computers"},
    {"30213100", "Portable computers"},
    {"30232110", "Laser printers"},
    {"30237000", "Parts, accessories and supplies for computers"},
    {"31440000", "Batteries"},
    {"31500000", "Lighting equipment and electric lamps"},
    {"32250000", "Mobile telephones"},
    {"32322000", "Multimedia equipment"}};
constexpr Code kElectronicsUnspsc[] = {{"43211503", "Notebook computers"}, {"43211507", "Desktop computers"},
                                       {"43191501", "Mobile phones"}};
constexpr Code kFoodCpv[] = {
    {"15100000", "Animal products, meat and meat products"},
    {"15300000", "Fruit, vegetables and related products"},
    {"15500000", "Dairy products"},
    {"15610000", "Grain mill products"},
    {"15830000", "Sugar and related products"},
    {"15860000", "Coffee, tea and related products"},
    {"15800000", "Miscellaneous food products"}};
constexpr Code kFoodUnspsc[] = {{"50131700", "Milk and butter products"}, {"50161500", "Chocolate and sugars"}};
constexpr Code kConstructionCpv[] = {
    {"45000000", "Construction work"},
    {"45210000", "Building construction work"},
    {"45233140", "Roadworks"},
    {"45300000", "Building installation work"},
    {"45400000", "Building completion work"},
    {"45453000", "Overhaul and refurbishment work"}};
constexpr Code kConstructionUnspsc[] = {{"72121000", "Commercial and office building construction services"}};
constexpr Code kCleaningCpv[] = {
    {"90910000", "Cleaning services"},
    {"90911200", "Building-cleaning services"},
    {"90919200", "Office cleaning services"},
    {"90511000", "Refuse collection services"},
    {"90620000", "Snow-clearing services"}};
constexpr Code kCleaningUnspsc[] = {{"76111501", "Building cleaning services"}};
constexpr Code kAgricultureCpv[] = {
    {"03000000", "Agricultural, farming, fishing, forestry and related products"},
    {"03211000", "Cereals"},
    {"03221000", "Vegetables"},
    {"03222000", "Fruit and nuts"},
    {"03115110", "Cotton"},
    {"03142500", "Eggs"}};
constexpr Code kMiningCpv[] = {
    {"14200000", "Sand and clay"},
    {"14210000", "Gravel, sand, crushed stone and aggregates"},
    {"14400000", "Salt and pure sodium chloride"},
    {"14600000", "Metal ores and alloys"},
    {"14500000", "Related mining and quarrying products"}};
constexpr Code kSecurityCpv[] = {
    {"79713000", "Guard services"},
    {"79710000", "Security services"},
    {"79714000", "Surveillance services"},
    {"79715000", "Patrol services"}};
constexpr Code kSecurityUnspsc[] = {{"92121504", "Security guard services"}};
constexpr Code kStaffingCpv[] = {
    {"79620000", "Supply services of personnel including temporary staff"},
    {"79624000", "Supply services of nursing personnel"},
    {"79625000", "Supply services of medical personnel"},
    {"55520000", "Catering services"}};

constexpr Sector kSectors[] = {
    {"textiles", "goods", "piece", 5000, 2000000, kTextilesCpv, kTextilesUnspsc},
    {"electronics", "goods", "piece", 3000, 3000000, kElectronicsCpv, kElectronicsUnspsc},
    {"food", "goods", "kilogram", 2000, 800000, kFoodCpv, kFoodUnspsc},
    {"construction", "works", "lot", 50000, 9000000, kConstructionCpv, kConstructionUnspsc},
    {"cleaning", "services", "month", 5000, 600000, kCleaningCpv, kCleaningUnspsc},
    {"agriculture", "goods", "tonne", 2000, 1500000, kAgricultureCpv, {}},
    {"mining", "goods", "tonne", 10000, 4000000, kMiningCpv, {}},
    {"security", "services", "month", 5000, 900000, kSecurityCpv, kSecurityUnspsc},
    {"staffing", "services", "person-month", 5000, 700000, kStaffingCpv, {}},
};

}  // namespace

std::span<const CountryProfile> Countries() { return kCountries; }
std::span<const Sector> Sectors() { return kSectors; }

}  // namespace clearbid::synthetic
