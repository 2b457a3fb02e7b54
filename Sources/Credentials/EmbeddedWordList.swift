// The passphrase word list (7,776 words; provenance and licence in
// Resources/WORDLIST-LICENSE.txt), compiled in rather than shipped as a resource bundle, so a
// deployment that copies only the `firstkey` binary still has it.
// Generated from the list described there; words are separated by spaces and line breaks.

let embeddedWordList = """
abaci aback abacus abate abbey abbot abdomen abduct abet abhor abide abject ablaze able ably aboard
abode abolish abound about above abreast abridge abroad abrupt abscond absence absent absolve absorb
abstain absurd abuser abysmal abyss accede accent accept access acclaim accord accost account accrue
accuse accuser ache achieve acid acidity acne acorn acquit acre acreage acrid acronym across acrylic
action active actor actual actuary acumen acute adage adamant adapt adapter adaptor addict adept
adhere adjoin adjourn adjunct adjust admiral admire admirer admit adobe adopt adore adorn adrift
adroit adult advent adverb adverse advert advice advise adviser advisor aeon aerial afar affable
affably affair affect affirm affix afflict afford afield aflame afloat afoot afraid afresh after
again against agency agenda agent aghast agile agility agitate aglow agonize agony agree aground
ahead ahoy aide aimless airline airmail airy aisle ajar akin alarm alas albeit albino album alcove
alert alga algae alias alibi alien alight align alike aline alit alive alkali allay allege alley
allot allow alloy allude allure ally almanac almond almost alms aloft alone along aloof aloud alpha
also altar alter altho alto always amass amateur amaze amber ambient amble ambush ameba amebae ameer
amen amend amenity amiably amid amidst amir amiss ammonia amnesia amnesty amoeba amoebae amok among
amongst amoral amorous amount ampere ample amplify amply amuck amulet amuse anaemia anaemic anagram
analog analyze anarchy anchor anchovy ancient anemia anemic anew angel anger angle angler angry
angst anguish angular animal animate ankle annals annex annoy annual annuity annul anoint anomaly
anon anorak another answer antenna anthem anthill anthrax antic antler antonym anvil anxiety anyhow
anyone anyway aorta aortae apart apathy apex apices apiece aplomb appal appall apparel appeal appear
appease append applaud apple apply appoint approve apricot apron aptly aquatic arable arbiter arbor
arcade arcane arch archaic archery archive archway arcked arcking ardent ardor arduous area arena
argue aria arid arise arisen armor armory armpit army aroma arose around arouse arraign arrange
array arrears arrest arrival arrive arrow arsenal arsenic arson artery artful article artisan artist
artwork ascend ascent ascribe ashcan ashen ashore aside askance askew asleep aspect aspen aspire
aspirin assail assault assent assert assess asset assign assist assort assume assure asthma astound
astray astride astute asylum athlete atlas atom atomic atone attach attack attain attend attest
attic attire attract auburn auction audible audibly audio audit augment august aunt aura aurae aural
austere author auto autopsy autumn avail avarice avenge avenue average averse avert aviator avid
avoid avow avowal await awake awaken award aware away awesome awful awfully awhile awkward awning
awoke awoken awry axiom axis axle azalea azure babble babe baboon baby back backer backlog bacon
bade badge badger badly baffle bagel baggage baggy bail bait bake baker bakery balance balcony bald
bale balk ball ballad ballast ballet balloon ballot balm balmy baloney bamboo banal banana band
bandit bandy bang bani banish banjo bank banker banner banter baptism barb barber bard bare barely
bargain barge bark barley barman barn baron barrage barrel barren barter base bash basic basil basin
basis bask basket bass bassoon baste batch bath bathe bathtub baton batsman batter battle baud bawl
bayou bazaar beach beacon bead beady beagle beak beaker beam bean bear beard bearer beast beat
beaten beater beauty beaver became because beckon become bedbug bedder bedlam bedrock bedroom
bedside bedtime beech beef beefy beehive been beeper beer beeswax beet beetle beeves befall befell
befit before began beggar begin beguile begun behalf behave behead beheld behind behold beige
belabor belated belch belfry belie belief bell bellboy bellhop bellow belly belong beloved below
belt belying bemoan bemuse bench bend bender beneath benign bent bequest bereave bereft beret berry
berserk berth beseech beset beside best bestow beta betcha betray better bettor beware bewitch
beyond bias bicker bidden bide bigamy bigotry bike bile bill billion billow binary bind binder bingo
biology biped biplane birch bird birth biscuit bisect bishop bison bite bitmap bitten bitter blab
black blacken bladder blade blame blamer blanch bland blank blanket blankly blare blast blaster
blatant blaze blazer bleach bleak bleary bleat bled bleed blend blent bless blest blew blight blimp
blind blink blinker blip bliss blister blithe blitz blob bloc block blog blogger blond blonde bloom
blossom blot blotch blotter blouse blow blown blowout blubber blue bluff blunder blunt bluntly blur
blurb blurt blush bluster boar board boarder boast boat bobbin bobcat bode bodice bodily body boggle
bogus boil boiler bold boldly bologna boloney bolster bolt bomber bond bondage bone boney bonnet
bonus bony book booklet boom boon boor boost boot bootee booth bootie bootleg booty border bore
boredom born borne borough borrow boss bossy botany botch both bother bottle bottom bough bought
bounce bound bounty bouquet bourbon bout bovine bowel bowl bowlder bowler boxcar boxer boycott
boyhood boyish brace bracket brag braid brain brainy braise brake bran branch brand brandy brash
brass brassy brat bravado brave bravely bravery bravo brawl brawn brawny bray brazen breach bread
breadth break breath breathe bred breed breeder breeze breezy brevity brew brewery bribe bribery
brick bridal bride bridge bridle brief briefly brigade bright brim brine bring brink briny brisk
briskly bristle brittle broach broad brocade broil broke broken broker broncho bronco bronze brooch
brood brook broom broth brother brought brow brown browse bruise brunch brunt brush brusk brutal
brute brutish bubble bubbly buck bucket buckle buddy budge budget buff buffalo buffer buffet buffoon
buggy bugle bugler build built bulb bulbous bulge bulk bulky bull bulldog bullet bullion bully bump
bumper bumpy bunch bundle bung bungle bungler bunion bunk bunker bunny buoy buoyant burble burden
bureau burger burglar burgle burial burlap burly burn burner burnish burnt burp burr burro burrow
bursar burst bury bush bushel bushy busily bustle busy butcher butler butte butter button buxom
buyer buzz buzzard buzzer bygone bypass bypast byte byway cabaret cabbage cabin cabinet cable
caboose cacao cache cackle cacti cactus caddie caddy cadence cadet cage cagey cagy cajole cake
calculi calf calico calk call caller callous callow callus calm calmly calorie calve came camel
cameo camera camp camper campus canal canary cancel candid candle candor candy cane canine canker
cannery cannon cannot canny canoe canon canopy cant canteen canter canvas canvass canyon capable
capably cape caper caprice capsule captain caption captor capture caramel carat carbon carcass card
cardiac care career careful caress cargo caribou carnal carol carouse carp carpet carrier carrion
carrot carry cart cartel carton cartoon carve case cash cashew cashier casino cask casket cassino
cast caste caster castle castoff casual catalog catch catchup catchy cater caterer catfish catnap
catnip catsup cattle catwalk caucus caught caulk causal cause caution cavalry cave caveat cavern
caviar cavity cavort cease cedar cede ceiling celery cell cellar celli cellist cello cement censor
censure census cent center central century cereal certain certify chafe chaff chagrin chain chair
chalet chalice chalk chalky chamber champ chance change channel chant chaos chaotic chap chapel
chapt chapter char charge charger charm chart charter chase chasm chassis chaste chat chatty cheap
cheapen cheaply cheat check checkup cheek cheep cheer cheery cheese cheetah chef chemist cherish
cherry cherub chess chest chew chewy chic chick chicken chid chidden chide chief chiefly child chile
chili chill chilli chilly chime chimney chimp chin china chintz chip chipper chirp chisel choice
choir choke cholera choose choosey choosy chop chopper choppy choral chord chore chortle chorus
chose chosen chow chrome chronic chuck chuckle chug chum chummy chunk chunky churn chute cider cigar
cinch cinder cinema cipher circa circle circuit circus cistern cite citizen citric citrus city civic
civil clack clad claim clam clamber clammy clamor clamp clan clang clank clap clapper claret clarity
clash clasp class classic classy clatter clause claw clay clean clear clearly cleat cleave cleaver
clef cleft clench clergy cleric clerk clever click client cliff climate climax climb climber clime
clinch cling clinic clink clip clipt clique cloak clock clod clog clone close closely closet closure
clot cloth clothe cloud cloudy clout clove cloven clover clown club cluck clue clump clumsy clung
cluster clutch clutter coach coal coarse coarsen coast coastal coat coax cobalt cobble cobbler cobra
cobweb cockpit cocoa coconut cocoon code coerce coexist coffee coffer cogency cogent cognac coil
coin coinage coke cold coldly colic collage collar collate collect college collide collie colon
colony color colt column coma comb combat combine come comedy comely comet comfort comic comma
command commend commit common commune commute compare compel compete comply compost compute comrade
concave conceal concede conceit concern concert concoct concord concur condemn condone condor
conduct cone confer confess confirm conform confuse congeal conical conifer conjure connect connote
consent console consort consul consult consume contact contend contest contour control convene
convent convex convey convict convoy cook cooker cookie cooky cool coolly coop cooper cope copier
copper copy coral cord cordial cordon core cork corn cornea corner cornet corny coroner corpus
corral correct corrode corrupt corset cortex cosmic cosmos cost costly costume cosy cottage cotton
couch cougar cough could council count country county coup couple coupon courage courier course
court cousin cove cover covert covet coward cowboy cower cowgirl coyote cozily cozy crab crabby
crack cradle craft crafty crag craggy cram cramp crane crania crank cranky crash crass crate crater
crave crawl crayon craze crazily creak creaky cream creamy crease create credit creed creek cremate
crepe crept crest crevice crew crib cricket crime cringe crinkle crises crisis crisp crisply crispy
critic croak crochet croci crock crocus crofts crony crook croon crop cross crouch crow crowd crown
crucial crucify crude crudely crudity cruel cruelty cruise cruiser crumb crumble crummy crunch
crunchy crusade crush crust crusty crutch crux crybaby crypt cryptic crystal cube cubic cuckoo
cuddle cuddly cuff cuisine cull culprit cunning cupful cupsful curable curator curb curd curdle cure
curfew curio curious curl curly current curry curse cursor curst curt curtail curtain curtsey curtsy
curve custody custom cutback cute cuticle cutlery cutlet cutter cycle cyclic cyclist cymbal cynic
cynical cypress cyst czar dabble daddy daemon daft dagger daily dainty dairy dais daisy dally damage
dame damp dampen damsel dance dancer dandy danger dangle dank dapper dare dark darken darkly darn
dart dash data date datum daub daunt dawdle dawn daytime daze dazzle deacon deaden deadly deaf deal
dealer dealt dean dear dearly dearth deaves debase debate debit debrief debris debt debtor debug
debunk debut decade decay decease deceit deceive decency decent decibel decide decimal deck decode
decoy decree decry deduce deduct deed deem deep deepen deeply deer deface defame default defeat
defect defend defense defer defiant deficit defile define deflate deflect deform defraud defrost
deft deftly defunct defy degree deify deign deity deject delay delete deli delight delimit deliria
delta delude deluge deluxe delve demagog demand demean demise demote demount demure denial denim
denote dense densely density dent dental deny depart depend depict deplete deport depose depot
deprave deprive depth deputy derail derange deride derive derrick desert design desire desist desk
desktop despise despite despot dessert destine destiny destroy detach detail detain detect detour
detract devalue develop deviant deviate device devious devise devoid devolve devote devour devout
diagram dial dialog diamond diaper diary dice dictate diction diesel diet dietary differ diffuse
digest digit dignify dilate dilemma dill dilute dime dimer dimly dimple dine diner dinghy dingy
dinner diocese dioxide diploma dire direct dirge dirt dirty disarm disavow disband disc discard
discern disco discus disdain disgust dish disk dismal dismay dismiss disobey disown dispel dispose
dissect distant distend distil distill distort disturb disuse ditch dither ditto ditty dive divert
divide divine divisor divorce dizzy docile dock doctor dodge dodo doer dogma dogmata dogwood doily
dole doleful doll dollar dolly dolphin domain dome domino donate done donkey donor donut doodle doom
door doorman doormen doorway dopey dopy dorsal dose dote double doubly doubt dough dour douse dove
dowdy down downy dowry doze dozen drab draft drafty drag dragon drain drama drank drape drastic draw
drawer drawl drawn dread dream dreamer dreamy dreary dredge dregs drench dress dresser dressy drew
dribble drift drill drily drink drinker drip drive drivel driven driver drizzle droll drone drool
droop drop dropout dross drouth drove drown drowse drowsy drudge drum drummer dryly dual dualism
dubious duchess duck duct dude duel duet duff dugout duke dull dully duly dummy dump dumpy dune dung
dungeon dunk dunno dupe duplex durable duress during dusk dusky dust dustbin dustmen dustpan dusty
dutiful duty duvet dwarves dwell dweller dwelt dwindle dynamic dynamo dynasty each eager eagerly
eagle eardrum earl early earmark earn earshot earth earthy ease easel easily east eastern easy eaten
eater eave ebony echo eclipse ecology economy ecstasy eczema eddy edge edger edgy edible edict
edifice edit edition editor eerie eery effect effigy effort egoism egotism egotist eight eighth
eighty either eject elapse elastic elation elbow elderly elect elector elegant elegy element elevate
eleven elicit elite elitism elitist elope else elude elusive elves email emanate embalm embargo
embark embassy embed ember emblem embody emboss embrace embryo emerge eminent emir emit emotion
emotive empathy emperor empire employ employe emporia empress empty emulate enable enact enamel
encase enchant encode encore endear endive endless endorse endow endure endways enemata enemy energy
engage engine engrave engulf enhance enigma enjoy enlarge enlist enliven enmity enough enquire
enquiry enrage enrich enrol enroll ensign enslave ensue ensure entail enter enthral entice entire
entitle entity entrant entrap entreat entropy entry envious envoy envy enzyme epic epilog episode
epitaph epithet epitome epoch epsilon equal equate equator equine equinox equip equity erase eraser
ergo erode errand errant erratic error erupt escape escort essay essence estate esteem etch ether
ethic ethical ethnic ethos eulogy eureka evade evasion evasive even evenly event ever every evict
evoke evolve exact exactly exalt exam example exceed excel except excess excise excite exclaim
exclude excrete excuse exempt exert exhale exhaust exhibit exhort exhume exile exist exit exodus
exotic expand expanse expect expel expend expense expert expire expiry explain exploit explore
export expose expound express extant extend extent extinct extol extoll extort extra extreme exude
exult eyeball eyebrow eyelash eyelid eyesore fable fabric facade face facet facial facile fact
factor factory faculty fade faeces fagot fail failure faint faintly fair fairly fairy faith fake
falcon fall fallacy fallen false falsely falsify falter fame family famine famous fancy fang fantasy
faraway farce fare farm farmer fascism fashion fast fasten fatal fate fateful father fathom fatigue
fatten fatuous faucet fault faulty fauna faunae favor fawn faze fear fearful feast feat feather
feature feeble feeder feel feeler feet feign feint feline fell fellow felon felony felt female fence
fend fender ferment fern ferret ferry fervent fervor fester festoon fetch feted fetich fetid feting
fetter fetus feud feudal fever fezzes fiasco fibber fiber fiche fickle fiddle fiddler fiddly fidget
fidgety field fiend fierce fiery fiesta fifth fifty fight fighter figment figure filch file filet
fill filler fillet filly film filmy filter final finale finally finch find fine finely finesse
finger finicky finish finite fire firefly firm firmly first firstly fiscal fish fisher fishery fishy
fission fissure fist fitful fitness five fiver fizz fizzle fizzy flag flail flair flak flake flaky
flame flank flap flare flash flashy flask flat flatly flatten flaunt flavor flaw flea fleck fledged
flee fleece fleecy fleet flesh fleshy flew flex flick flight flighty flimsy flinch flint flip flirt
flit float flock flog flood floor flop floppy flora florae floral florid floss flounce flour flout
flow flower flowery flown flue fluency fluent fluff fluffy fluid fluke flung flunk flunkey flunkie
flunky flurry flush flute flutist flux flyer flyover foal foam foamy focal foci focus fodder foetal
foetus fogey foggy foghorn fogy foible foil foist fold folder foliage folk folksy follow folly
foment fond fondly font food foolish foot footage fora forage foray forbad forbear forbid forbore
force forceps ford fore forearm forego foreign foreleg foremen foresaw forest forever forge forger
forgery forget forgive forgo forgot fork forlorn form formal format former formula forsake forsook
fort forte forth fortify fortune forty forum forward forwent fossil foster fought foul found founder
fount four fourth fowl foxy foyer fracas fractal frail frailty frame franc frank frankly frantic
fraud fraught fray free freedom freely freeze freight french frenzy fresh fret friar friend frieze
frigate fright frigid frill frilly fringe frisk frisky frizzy frock frog frolic from frond front
frontal frost frosty froth frothy frown froze frozen frugal fruit fruity fudge fuel fulcra fulfil
fulfill full fully fulness fumble fume fund funeral fungi fungus funnel funnily funny furious furl
furlong furnace furnish furor furrow furry fury fuse fusion fuss fussy futile future fuze fuzz fuzzy
gable gadget gage gaiety gaily gain gait gala galaxy gale gall gallant galley gallon gallop galore
gambit gamble gambler game gamma gamut gander gang gangway gape garage garb garbage garble garden
gargle garish garland garlic garment garnet garnish garret garter gaseous gasket gasp gasses gate
gateway gather gaudy gauge gaunt gauze gave gavel gawk gawky gayety gayly gaze gazelle gazette gear
geese gelatin geld gelt gender gene genera general generic genesis genetic genial genie genii genius
genre gent gentile gentle gently gentry genus geology gerbil germ gesture getaway geyser ghastly
ghost ghostly ghoul giant gibber gibe giddy gift giggle gild gill gilt gimme gimmick ginger gingham
giraffe girder girdle girl girlish girth gist give given glacial glacier glad glade gladly glamor
glance gland glare glass glassy glaze gleam glean glee glen glib glibly glide glider glimmer glimpse
glint gloat global globe gloom gloomy glorify glory gloss glossy glove glow glower glucose glue glum
glut gnarl gnash gnat gnaw gnawn gnome goad goal goalie goat goatee gobble goblet goblin goddess
godless godlike godly godsend goggle gold golden golf golfer gondola gone goner gong gonna good
goodby goodbye goodie goody gooey goof goofy goon goose gopher gorge gorilla gosh gosling gospel
gossip gotten gouge goulash gourd gout govern gown grab grabber grace grade grader gradual graft
grain gram grand granite grannie granny granola grant granule grape graph grapple grasp grass grassy
grate grater gratify gravel gravely graven gravy gray graze grease greasy great greed greedy green
greet grenade grew grey grid grief grieve grill grille grim grimace grime grimly grimy grin grind
grinder grip gripe grisly grit gritty grizzly groan grocer grocery groggy groin groom groove groovy
gross grossly grotto grouch grouchy ground group grouper grouse grove grovel grow grower growl grown
growth grub grubby grudge gruel gruff gruffly grumble grumpy grunt guard guess guest guffaw guide
guild guile guilt guilty guinea guise guitar gulch gulf gull gullet gulley gully gulp gumdrop gummy
gunman gunmen gunner guppy gurgle guru gush gusher gust gusty gutter guzzle gybe gymnast gyrate
habit habitat hack hacker hackney haddock haggard haggle hail hair haircut hairdo hairy hale half
halibut hall halo halon halt halter halve hamlet hammer hammock hamper hamster hand handful handle
handler handout handy hangar hanger hangout hanker happen happily happy harbor hard harden hardly
hardy hare hark harm harmful harmony harness harp harpist harrow harry harsh harshly hart hash
hassle haste hasten hastily hasty hatch hatchet hatred haughty haul haunt have haven havoc hawk
haywire hazard haze hazel hazy head header headway heady heal healer health healthy heap hear heard
hearse heart hearth hearty heat heater heath heather heave heavily heavy heckle heckler hectic hedge
heel hefty heifer height heinous heir held helium hellish hello helm helmet help helper helpful
hemlock hemp hence herald herb herd here hereby herein heresy heretic hermit hernia hero heroic
heroine heroism heron herpes hewn hexagon heyday hiatus hiccup hickory hidden hide hideous high
highly highway hike hiker hill hilly hilt himself hind hinder hinge hint hippie hippy hire hiss
history hitch hither hive hoard hoarder hoarse hoax hobbit hobble hobby hobnob hock hockey hoist
hold holder holdup hole holiday holler hollow holly holster holy homage home homey homie homonym
homy hone honest honesty honey honied honk honor hood hoodlum hoof hook hoop hoorah hooray hoot
hooter hooves hope hopeful hopper horde horizon hormone horn hornet horrid horrify horror horse hose
host hostel hostess hostile hotbed hotel hotly hound hour hourly house hove hovel hover however howl
hubbub huddle huff huffy huge hugely hulk hull human humane humanly humble humbly humbug humid humor
hunch hundred hung hunger hungry hunk hunt hunter hurdle hurl hurrah hurray hurry hurt hurtle
husband hush husk huskily husky hustle hustler hutch hyaena hybrid hyena hygiene hymn hymnal hyphen
iceberg icicle icon idea ideal ideally idiocy idiom idiotic idle idly idol idolize idyllic igloo
ignite ignore iguana ikon illegal illicit illness image imagery imagine imbed imitate immense
immerse immoral immune impact impair impale impart impeach impede impel impend imperil impetus
impish imply import impose impound improve impure inane inborn inbred inbreed inbuilt incense inch
incite incline inclose income incur indeed indent index indices indict indigo indoor induce induct
indulge inept inert inertia infamy infant infect infidel infield infirm infix inflame inflict influx
info inform infuse ingest inhabit inhale inhaler inherit inhibit inhuman initial inject injure
injury inkling inky inlaid inland inlay inlet inmate innards innate inner input inquest inquire
inquiry insect insert inside insider insigne insipid insist inspect inspire instal install instant
instead instep instil instill insular insulin insult insure insurer intact intake integer intend
intent inter interim intern into intrude invade invader invent inverse invert invest invite invoice
invoke involve inward iodine iota irate iris iron ironic irony island isle isolate issue isthmi
isthmus italic itch itchy item itself ivory jabber jack jackal jackass jackdaw jacket jackpot jade
jaguar jail jailer jailor jalopy jamb jangle janitor jargon jaunt jaunty javelin jaywalk jazz
jealous jeans jeer jell jelly jerky jersey jest jester jetty jewel jeweler jibe jiffy jiggle jigsaw
jigsawn jilt jingle jinx jitters jittery jockey jocular jogger join joint jointly joke joker jolly
jolt jostle journal jovial joyful joyous jubilee judge judo juggle juggler juice juicy jumble jumbo
jump jumper jumpy jungle junior juniper junk junket junky junta juror jury just justice justify
justly jute karat karate kayak keel keen keenly keep keeper kelp kennel kept kernel ketchup kettle
keyhole khaki kick kickoff kidney kiln kilo kilt kimono kind kinda kindle kindly kindred kinfolk
kingdom kink kinship kiosk kipper kiss kitchen kite kitten kitty kiwi knack knacker knead knee kneel
knelt knew knife knight knit knives knock knocker knoll knot knotty know known knuckle koala kosher
kowtow kudos label labor lace lack lacquer lacy ladder lade laden ladle lady ladybug lager laggard
lagoon laid lain lair lake lamb lambda lament lamp lampoon lance land lander lane languor lanky
lapel lapse lard large largely lark larva larvae larynx laser lash lass last lastly latch late
lately latent latex lath lathe lather latrine latter lattice laud laugh launch laurel lava lavish
lawful lawless lawn lawyer laxity layer layman laymen layout lazy leach lead leaden leader leaf
leaflet leafy league leak leakage leaky lean leap leapt learn learnt lease leash least leather leave
lecture ledge ledger leech leek leer leery leeway left legacy legal legally legend leggin legibly
legion legume leisure lemme lemon lend length lengthy lenient lens lent lentil leopard leotard
leprosy lept lesion less lessen lesser lesson lest letdown letter lettuce letup levee level lever
levity levy lexica lexical lexicon liable liaison liar libel liberal lice licence lichen lick lieu
life lift light like likely liken lilac lilt lily limb limber limbo lime limit limp line lineage
linear linen liner linger lingo link linker lint lion lioness liquid liquify liquor lisp list listen
litany liter literal lithe lithium litter little liturgy livable live lively liven livid lizard
llama load loader loaf loafer loam loan loath loathe loaves lobby lobe lobster local locale locally
locate lock locker locket locust lodge lodger loft lofty logger logic logical logo loin loiter loll
lone lonely long longish look lookout loom loon looney loonie loop loose loosely loosen loot lope
lord lore lorry lose loss lost loth lotion lotus loud loudly lounge louse lousy lovable love lovely
lover lowdown lowly loyal lozenge lucid luck lucky lull lullaby lumber lump lumpy lunar lunch lung
lunge lupin lupine lurch lure lurid lurk lush luster lustre lute luxury lymph lyre lyric lyrical
macabre mace macho madam madame madcap madden made madly madman madmen madness magic magical magnate
magnet magnify magnum magpie maid maiden mail mailbox main mainly maize majesty major make maker
makeup malady malaria male malice malign mall mallet malt mama mamma mammal mammoth manacle manage
manager mane mange manger mangle mango mangy manhood mania maniac manic manly manner mannish manor
mansion mantel mantle manual manure many maple mapper marble march marcher mare margin maria marina
marine mariner marital mark marker market maroon marquee marrow marry marsh marshal marshy mart
martial martin martyr marvel mascot mash mask mason mass massive mast master mastery matador match
mate math matrix matron matt matte matter mature maudlin maul mauve maxim maxima maximal maximum
maybe mayhem mayor maze meadow meager meal mealy mean meander meant measles measly measure meat
medal meddle media median mediate medical medium medley meek meekly meet megaton mellow melodic
melody melon melt member memo memoir memory menace mend menial mental menthol mention mentor menu
meow mercy mere merely merest merge merger merit mermaid merrily merry mesh mess message messy metal
mete meteor meter method metric metro mettle miaow mice microbe midday middle midriff midst midway
midwife mien might mighty migrant migrate mike mild mildew mildly mile mileage militia milk milker
milkman milky mill miller mime mimic mimicry mince mind mindful mine miner mingle minibus minimal
minimum minion mink minnow minor mint minuet minus minute miracle mirage mire mirror mirth miser
miserly misery misfit mishap mislaid mislay mislead misled misread miss missile missive mist mistake
mistook misty mistype misuse mite mitt mitten mixer mixture moan moat mobile mock modal mode model
modern modest modesty modify modular module mohair moist molar mold moldy mole mollify mollusc
mollusk molt molten moment momma monarch money monies monitor monk monkey monolog monsoon month
monthly mood moody moon moor moose moot mope moral morale morally morass morbid more morgue morn
morose morsel mortal mortar mosaic moss mossy most mostly motel moth mother motif motion motive
motley motor motto mound mount mourn mourner mouse mousey mousse mousy mouth movable move mover
movie mower mown much muck mucous mucus muddle muddy muff muffin muffle muffler mugger muggy mulch
mule mull multi mumble mummify mummy mumps munch mural murky murmur muscle muse museum mush mushy
music musical musk musket muss mussel must mustang mustard muster musty mutant mutate mute mutely
mutiny mutt mutter mutton mutual muzzle myopic myriad myself mystery mystic mystify myth nail naive
naively naivety name namely napalm nape napkin nappy narrate narrow nasal nastily nasty nation
native natty natural nature naught naughty nausea naval navel navy near nearby nearly neat neatly
nebula nebulae neck necktie nectar need needle needy negate neglect neglig neigh neither neon nephew
nerve nest nestle nether nettle network neural neuron neuter neutral neutron never newbie newborn
newly newsy newt newton next nibble nice nicely nicety niche nick nickel niece nifty nigh night
nightly nimble nimbly nine ninety ninny ninth nippy nite nitrate noble nobly nobody node noise
noisily noisy nomad nomadic none noodle nook noon norm normal north nose nosey nosy notable notch
note nothing notice notify notion nougat nought noun nourish nova novel novice nowhere noxious
nozzle nuance nuclear nuclei nudge nugget null nullify numb numeral numeric nuptial nurse nursery
nurture nutmeg nutty nuzzle nylon nymph oases oasis oath oatmeal obelisk obesity obey object oblige
oblique oblong oboe obscene obscure observe obsess obtain obtuse obvious occupy occur ocean octagon
octal octave octopi octopus ocular oddity oddly odious odor offbeat offend offense offer office
offset often ogle ogre oily okay okra olden olive omega omelet omen ominous omit omnibus once
onerous oneself ongoing onion only onrush onset onto onus onward oodles ooze opal opaque open openly
opera operand operate opinion oppose oppress optic optical optima optimal optimum option opulent
opus oracle oral orange oration orator oratory orbit orbital orchard orchid ordain ordeal order
organ organic orient origin ornate orphan osmosis other otter ouch ought ounce oust ouster outcast
outcome outcry outdid outdo outdone outdoor outer outfit outgrew outgrow outlaid outlaw outlay
outlet outline outlive outlook outpost output outrage outran outrun outset outside outward outwit
oval ovary ovation oven over overate overdid overdo overdue overeat overlay overlie overly overrun
oversaw overt overuse ovum owner oxen oxide oxidize oxygen oyster ozone pace pacific pacify pack
packer packet pact paddle paddy page pager pagoda paid pail pain painful paint painter pair pajamas
palace palate pale palette pall pallid pallor palm paltry pamper panacea pancake panda pane panel
pang panic panicky pansy pant panther pantie pantry papa papacy papal papaya paper paprika papyri
papyrus parable parade paradox paragon parasol parcel parch pardon pare parent parish parity park
parka parlor parody parole parrot parse parsec parser parsley parsnip parson part partial partly
partner partook party pass passage passer passion passive past pasta paste pastel pastime pastor
pastry pasture pasty patch patchy pate patent path pathos pathway patient patio patriot patrol
patron patter pattern patty paunch paunchy pauper pause pave pawn payable payer payload payment
payoff payroll peace peach peacock peak peal peanut pear pearl peasant pease peat pebble pecan peck
pedal pedant peddle peddler pedlar peek peel peep peer peeve peevish pelican pellet pelt pelves
pelvic pelvis penal pence pencil pend pendant penguin pennant penny peon peony people pepper perch
perfume perhaps peril period perish perjure perjury perk perky permit perplex persist person persona
pert pertain perturb peruse pesky pester petal peter petite petrol petty petunia pewter phantom
phase phlegm phobia phoenix phone phoney phony photo photon phrase physic pianist piano piccolo pick
pickax pickaxe picket pickle pickup picky picnic picture piddle piece pier pierce piety pigeon
piggish pigment pigpen pigtail pike pile pilfer pilgrim pill pillage pillar pillow pilot pimply
pinch pine pinion pink pint pious pipe pique piracy piranha pirate piston pitch piteous pithy pity
pivot pivotal pixie pixy pizza placard placate place placid plaice plaid plain plainly plan planar
plane planet plank planner plant planter plaque plasma plaster plastic plate plateau platoon platter
play player playpen plaza plea plead please pleat pledge plenty pliant pliers plight plod plop plot
plough plow ploy pluck plucky plug plum plumage plumb plume plummet plump plunge plunger plural plus
plush plusses poach poacher pocket podia podium poem poet poetic poetry point pointer poise poke
poker pokey poky polar pole police policy polio polish polite polka poll pollen polo polygon polyp
pomp pompous poncho pond ponder pontoon pony poodle pool poor poorly popcorn pope poplar poppy
popular porch pore pork porous port portal porter portico portion portly portray pose possess possum
post postage postal postbox poster postman posture posy potato potent potion potter pottery pouch
poultry pounce pound pour pout powder powdery power powwow prairie praise pram prance prank prattle
prawn preach precede precise predict preempt preen prefab preface prefer prefix prelude premier
premiss premium prepare prepay present preside press presto presume pretend pretty prevail prevent
preview prevue prey price prickly pride priest prim primal primary prime primer primly primp prince
print prior prism prison privacy private privy prize probe problem proceed process procure prod
produce product profess profile profit profuse program project prolog prolong prom promise promote
prompt prone prong proof prop propel proper prophet propose prose prosper protect protest proton
proud proudly prove proven proverb provide proviso provoke prow prowess prowl prowler proxy prude
prudent prune psalm pseudo psych psyche psychic public publish puck pucker pudding puddle pueblo
puff puffer puffy pull pulley pulp pulpit pulsate pulse puma pumice pummel pump punch pundit pungent
punish punk punt punter puny pupil puppet puppy pure puree purely purge purify purity purple purpose
purr purse pursue pursuit push pusher pushy putrid putt putter putty puzzle pyramid pyre python
quack quail quaint quake quality qualm quantum quark quarry quart quarter quartet quartz quash
quaver quay queasy queen queenly quell quench query quest queue quibble quiche quick quicken quickly
quiet quietly quill quilt quinine quintet quip quirk quirky quit quite quiver quiz quizzes quorum
quota quote rabbi rabbit rabble rabid rabies raccoon race racer racial racism rack racket racoon
racquet racy radar radial radiate radical radii radio radish radium radius raffle raft rafter rage
ragtime raid raider rail rain rainbow rainy raise raisin rake rally ramble rambler ramp rampage
rampant ramrod ranch rancher rancid rancor random rang range ranger rank rankle ransack rant rapid
rapidly rapport rapt rare rarely rarity rascal rash rashly rasp raster rate rather ratify ratio
ration rattle rattler ratty ravage rave ravel raven ravine ravish rayon raze razor reach react
reactor read reader readily ready real realism realist realize really realm realty ream reap reaper
rear reason rebate rebel rebind rebirth reborn rebuff rebuilt rebuke rebut recall recant recap
recede receipt receive recent recess recipe recital recite reckon reclaim recline recluse recoil
record recoup recta rectify rector recur redden redeem redhead redid redo redone redraft redraw
redress reduce reef reek reel reelect refer referee refill refine reflect reflex reform refrain
refuel refuge refund refusal refuse refute regain regal regale regalia regard regatta regent regime
regimen region regress regret regular rehash reign rein reis reject rejoin relaid relapse relate
relax relay release relent reliant relic relief relish relive reload rely remade remain remake
remark remedy remind remiss remit remnant remodel remote remove rename rend render renege renew
renewal renown rent rental reopen repaid repair repay repeal repeat repel repent replace replay
replete replica reply report repose repress reprint reprove reptile repute request requiem reread
reroute resale rescue resent reserve reset reside resign resin resist resort resound respect respite
respond rest restart restful restive result resume retail retain retch rethink retina retinae retire
retort retract retreat retry return retype reunion reuse revamp reveal revel reveler revenge revenue
revere reverie reverse revert revery review revile revise revisit revival revive revoke revolt
revolve revue reward rewind rework rewrite rewrote rhino rhubarb rhyme rhythm ribbon rice rich
richly rickety ricksha ridden riddle ride rider ridge rife rift right rigid rigidly rigor rile rind
ringlet rink rinse riot rioter ripe ripen riposte ripple rise risen riser risk risky rite ritual
rival rivalry river rivet roach road roam roar roast robber robbery robe robin robot robust rock
rocker rocket rocky rode rodent rodeo rogue roguish role roll roller roman romance romp roof rook
rookie room roomy roost rooster root rooter rope rosary rose roster rostra rostrum rosy rotary
rotate rote rotor rotten rotund rotunda rouge rough roughen roughly round rouse rout route router
rowdy royal royally royalty rubber rubbish rubble rubric ruby ruckus rudder ruddy rude rudely rueful
ruff ruffian ruffle rugby ruin ruinous rule ruler rumble rummage rummy rumor rumple runaway rundown
rune rung runner runny runt runway rural ruse rush rust rustic rustle rustler rusty saber sabre sack
sacred sadden saddle sadly sadness safari safe safely safety saffron saga sage said sail sailor
saint sake saki salable salad salami salary sale saliva sallow sally salmon salon saloon salt salty
salute salvage salve same sample sand sandal sandbag sandman sandmen sandy sane sang sanity sank
sarcasm saree sari sash sassy satanic satchel satin satire satisfy sauce saucer saucy sauna saunter
sausage sauted save saver savior saviour savor savory savvy sawdust sawn scab scalar scald scale
scallop scalp scaly scamper scan scandal scanner scant scanty scar scarce scare scarf scarves scary
scene scenery scenic scent scepter scheme schemer school science scissor scoff scold scollop scoop
scoot scooter scope scorch score scorer scorn scotch scour scout scowl scram scrap scrape scratch
scrawl scrawny scream screech screen screwy scribe script scroll scrub scruff scruple scuff scuffle
scurry scuttle scythe seafood seal seam seaman seamen seaport sear search seasick season seat secede
seclude second secrecy secret sect section sector secular secure sedan sedate seedy seek seem seen
seep seepage seer seesaw seethe segment seize seizure seldom select self selfish sell seller selves
seminar senate senator send sender senior sense sensor sensory sensual sent sentry sequel sequin
sera serene serial series serious sermon serum servant serve server service servile session setter
settle settler seven seventy sever several severe sewage sewer sewn sexism shabby shack shade shadow
shadowy shady shaft shaggy shaikh shake shaken shaky shall shallow sham shamble shame shampoo shanty
shape shapely share shark sharp sharpen sharply shatter shave shaven shaver shawl shaykh sheaf shear
sheath sheave sheen sheep sheer sheet sheik sheikh shelf shell sheller shelve sherbet sheriff sherry
shield shift shifty shimmer shin shine shingle shiny ship shire shirk shirt shiver shoal shock shod
shoddy shoe shone shoo shook shoon shoot shop shopper shore shorn short shorten shot shotgun should
shout shove shovel show shower showman shown showy shrank shred shrew shrewd shriek shrill shrimp
shrine shrink shrivel shroud shrub shrug shrunk shuck shuffle shun shunt shut shutter shuttle
sibling sick sicken sickle sickly side sidle siege sierra siesta sieve sift sigh sight sigma sign
signal signer signify silent silk silken sill silly silo silt silver silvery similar simile simmer
simple simplex simply since sine sinew sinewy sinful singe singer single singly sink sinus siphon
sire siren sirloin sirup sissy sister site sitter situate sixth sixty size sizer sizzle skate skater
skein sketch sketchy skew skewer skid skill skillet skim skimp skimpy skin skip skirt skit skulk
skull skunk skyline slab slack slacken slain slake slam slander slang slant slap slash slat slate
slavish sled sleek sleep sleeper sleepy sleet sleeve sleigh slender slept slew slice slick slid
slide slight slily slim slime slimy sling slink slip slit slither slitter sliver slobber slog slogan
slop slope sloppy slosh slot sloth slouch slow slowly sludge slug sluice slum slummer slump slung
slunk slur slush slyly smack small smart smartly smash smear smell smelly smelt smidge smidgin smile
smirk smit smite smith smitten smock smog smoke smoker smoky smooth smote smother smudge smug
smuggle smugly snack snag snail snake snap snappy snare snarl snatch sneak sneaker sneaky sneer
sneeze snide sniff sniffle snip snipe snitch snob snooker snoop snooty snooze snore snorkel snort
snout snow snowy snub snuck snuff snuffer snug snuggle snugly soak soap soapy soar sober soccer
social society sock socket soda sodden sodium sofa soft soften softly soggy soil solace solar sold
solder sole solely solemn soli solicit solid solidly solo soluble solve somber sombre some someday
someone sonata song sonic sonnet soon soot soothe sooty sorcery sordid sore sorely sorrow sorry sort
sorta sought soul sound soundly soup sour source south sown space spade span spangle spaniel spank
spar spare spark sparkle sparrow sparse spasm spat spate spatter spawn spay speak speaker spear
special specify speck specter sped speech speed speedy spell speller spelt spend spent spew sphere
sphinx spice spicy spider spigot spike spill spilt spin spinach spinal spine spiral spire spirit
spit spite splash splat spleen splice splint split splurge spoil spoilt spoke spoken sponge spongy
sponsor spoof spook spooky spool spoon spore sporran sport spot spotty spouse spout sprain sprang
sprawl spray spread spree sprig spring springy sprint sprout spruce sprung spry spud spun spur spurn
spurt sputter squad squalid squall square squash squat squawk squeak squeaky squeal squeeze squelch
squid squint squire squirm squirt stable stack stadia staff stag stage staid stain stair stake stale
stalk stall stamina stamp stance stanch stand stank stanza staple stapler star starch starchy
stardom stare stark starry start starter starve state stately stater static station statue stature
status statute stave stay steady steak steal stealth steam steel steep steeple steer stellar stem
stench stencil step stereo sterile stern sternly stew steward stick sticker sticky stiff stiffen
stiffly stifle stigma still sting stinger stingy stink stint stir stirrup stitch stock stocky stodgy
stoical stoke stole stolen stolid stomp stone stoney stony stood stool stoop stop storage store
storey stork storm stormy story stout stove stow strain strait strand strange strap strata stratum
straw stray streak stream street stress stretch strew strewn strict stride strife strike striker
string strip stripe stript strive strode stroke stroll strong strove struck strum strung strut stub
stubble stubby stuck stud student studio study stuff stuffy stumble stump stun stung stunk stunt
stupefy stupor sturdy stutter style stylish stylus suave subdue subject sublet sublime submit subset
subside subsidy subsist subtle subtly suburb subvert subway succeed success succor succumb such
suckle suction sudden suds suede suffer suffice suffix sugar sugary suit suite suitor sulfur sulk
sulky sullen sultan summary summer summit summon sundae sundial sundown sundry sung sunk sunken
sunlit sunny sunset suntan sunup super superb supper supple supply support suppose sure surely surf
surface surge surgeon surly surmise surname surplus surreal survey survive suspect sustain swab
swagger swallow swam swamp swampy swan swap swarm swarthy swat swathe sway swear sweat sweater
sweaty sweep sweet sweeten sweetly swell swept swerve swift swiftly swig swill swim swindle swine
swing swipe swirl swish switch swivel swoon swoop sword swore sworn swum swung symbol symptom
synagog syntax syphon syringe syrup system tabby table tablet taboo tabu tacit tacitly tack tackle
tacky taco tact tactic tail tailor taint take taken takeoff taker talc tale talent talk talker tall
tallow tally talon tame tamely tamper tandem tang tangle tango tank tankard tanker tantrum tape
taper tardy target tariff tarnish tarry tartan tartar task tassel taste tasty tattle tattoo tatty
taught taunt taut tavern tawdry tawny taxable taxi taxicab taxying teach teacher teacup teak team
teapot tear tearful tease tedious tedium teem teen teenage teepee teeter teeth teethe tell teller
tempi temple tempo tempt tenable tenant tend tender tendon tenet tennis tenor tense tension tent
tenth tenuous tenure tepee tepid term termite termly terrace terrain terse tersely test tester
testis tether text textile textual texture than thank that thatch thaw theater thee theft their
theist them theme then thence theory therapy there therein thereon these thesis theta they thick
thicken thickly thief thieve thigh thin think thinly third thirst thirsty thirty this thistle thorn
thorny those thou though thrash thread threat three thresh threw thrice thrift thrill thrive throat
throb throne throng through throve throw thrown thrust thud thumb thump thunder thus thwart thyme
thyroid tiara tick ticket tickle tidal tidbit tide tidy tier tiff tiger tight tighten tightly tilde
tile till tilt timber time timely timer timid timidly tinder tinge tingle tinker tinkle tinny tinsel
tint tiny tipi tiptoe tirade tire tissue titbit title titter toad toast today toddle toenail toffee
toffy toga togae toggle toil toilet token told toll tomato tomb tomboy tomcat tome tonal tone tong
tongue tonic tonight tonne tonsil took tool toolkit toot tooth topaz topic topical topple torch tore
torment torn tornado torpedo torque torrid torsi torso toss tost total totally tote totem totter
toucan touch touchy tough toupee tour tourist tousle tout toward towel tower town toxic toxin trace
track tract tractor trade trader traffic tragedy tragic trail trailer train trainee trainer trait
traitor trample trance transit trap trapeze trash trauma travel trawl trawler tray treacle tread
treason treat treaty treble tree trek trellis tremble tremor trench trend trendy trestle trial
tribal tribe tribute trick trickle tricky trifle trigger trill trim trinity trinket trio trip tripe
triple tripod tripos trite triumph trivia trivial trod troll trolly troop trooper trophy trot
trouble trough trounce troupe trouser trout trowel truancy truant truce truck trudge true truism
truly trump trunk trust trustee trusty truth tryout tsar tuba tube tubular tuck tuft tuition tulip
tumble tumbler tummy tumult tuna tundra tune tuneful tuner tunic tunnel turban turbine tureen turf
turgid turkey turmoil turn turner turnip turret turtle turves tusk tussle tutor tuxedo twang tweak
twee tweet twelfth twelve twenty twice twiddle twig twin twine twinge twirl twist twister twitch
twitter tycoon tying type typeset typhoon typhus typical typify typist tyranny tyrant tzar udder
ulcer ultra umpire unable unarmed unaware unblock unborn uncanny uncle unclear uncover uncut under
undid undo undone undress undue unduly unearth uneasy unequal uneven unfair unfit unfold unfurl
ungodly unhappy unhook unify union unique unison unit unite unity unjust unkempt unkind unknown
unleash unless unlike unload unlock unman unmask unnerve unpack unpaid unpick unravel unread unreal
unrest unruly unsafe unsaid unsay unseat unseen unset unsound unstuck unsung unsure untidy untie
until unto untold untrue unused unveil unwary unwell unwind unwise unwrap upbeat update upend
upgrade upheld uphill uphold upkeep uplift upload upon upper uproar uproot upset upshot upside
upstart uptake uptight uptown upturn upward uranium urban urbane urchin urge urgent urinate usable
usage useable useful useless user usher usual usurp uteri uterus utility utilize utmost utter
utterly vacancy vacant vacate vacua vacuous vacuum vagary vagrant vague vain valet valiant valid
validly valise valley valor value valve vampire vandal vane vanilla vanish vanity vapor variety
various varnish varsity vary vase vast vastly vault veal vector veer vehicle veil vein velour velvet
vend vender vendor veneer venison venom vent venture venue veranda verb verbal verdict verge verify
verse version versus verve very vessel vest veto viable viaduct vial vibrate vicar vice victim
victor victory video view viewer vigil vigor vile vilify villa village villain vine vinegar vintage
vinyl viola violate violet violin viper viral virile virtue virus visa vise vision visit visitor
visor vista visual vital vivid vividly vizor vocal vodka vogue voice void volcano volley volt
voltage volume vortex vote voter vouch voucher vowel voyage vying waddle wade wafer waffle waft wage
wager wagon waif wail waist wait waiter waive waiver wake waken walk walker walkout wall wallet
wallop wallow walnut walrus waltz wand wander wane wanna want wanton warble ward warden warfare
warhead warm warmly warmth warn warp warpath warren wart wartime wary wash washer wasp wastage waste
watch water watery watt wave waver wavy waxy waylay wayside wayward weak weaken weakly wealth
wealthy wean wear wearily weary weasel weave weaver wedder wedge weedy week weekday weekend weekly
weep weigh weight weighty weird weirdo welcome weld welder welfare well welt welter went wept were
west whack whale whaler wharf wharves what wheat wheedle wheel wheeze when whence where whereas
whereby wherein whet whether whew which whiff while whilst whim whimper whine whinny whir whirl
whirr whisk whisker whisky white whiten whittle whiz whizz whoa whole wholly whom whoop whose wick
wicker wicket wide widely widen widow widower width wield wife wiggle wigwam wild wildcat wildly
wilful will willful willow wilt wily wince winch wind window windy wine wink winner winter wintery
wintry wipe wiper wire wiry wisdom wise wisely wish wishful wisp wispy wist wistful with wither
within without witty wive wizard wizened wizzes wobble wobbly woke woken wolf wolves woman womb
wombat women wonder wont wood wooden woody woof wool woolen woolie woolly wooly word wordy wore work
worker workman workout world worm worn worry worse worsen worst worth worthy would wound wove woven
wrangle wrap wrapper wrapt wrath wreak wreath wreathe wreck wrecker wren wrench wrest wrestle wretch
wriggle wright wring wringer wrist writ write writer writhe wrong wrongly wrote wrought wrung yacht
yack yank yard yarn yawn year yearly yearn yeast yell yellow yelp yeti yield yock yodel yoga yoghurt
yogurt yoke yokel yolk yonder young your youth yowl yuck zany zeal zealous zebra zenith zero zest
zeta zigzag zillion zinc zincked zipper zodiac zombi zombie zone zoology zoom
"""
