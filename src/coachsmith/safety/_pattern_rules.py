"""Phrase tables for :mod:`coachsmith.safety.patterns` (data, not logic): English, and a few
plain phrases in several languages. Requests for the means to hurt someone are in
:mod:`._pattern_rules_means`; the other languages' own crisis and self-harm phrases are in
:mod:`._pattern_rules_other`.

Every regex runs on normalised text (lower case, straight apostrophes, single spaces), one
clause at a time. Rule ids are ``<category prefix>.<name>`` and appear in assessment reasons.
Edit with care: ``tests/safety/test_patterns.py`` pins the behaviour, and every change should add
a row there.
"""

from __future__ import annotations

import re

from coachsmith.safety._pattern_rules_means import MEANS_RULES
from coachsmith.safety._rule import Rule, _r

_ME = r"(?:my ?self|myslef|meself|my ?sef|mself)"
_PILLS = (r"(?:pills|tablets|meds|medication|paracetamol|ibuprofen|painkillers|sleeping pills|"
          r"sleeping tablets|antidepressants|insulin|diazepam|co-?codamol|codeine|aspirin|lithium|"
          r"sertraline|of them|the lot|the bottle|the packet|the box)")
_DRUGS = (r"(?:pills|tablets|meds|paracetamol|ibuprofen|painkillers|sleeping pills|"
          r"sleeping tablets|antidepressants|insulin|diazepam|co-?codamol|codeine|lithium|"
          r"sertraline|amitriptyline|oxycodone|oxycontin|tramadol|zopiclone|propranolol|"
          r"quetiapine|morphine|fentanyl|citalopram|fluoxetine|temazepam|xanax|valium|"
          r"lorazepam|clonazepam|mirtazapine|venlafaxine|digoxin|warfarin|metformin)")
_PERSON = (r"(?:him|her|them|you|he|she|someone|somebody|everyone|people|"
           r"my (?:\w+ )?(?:dad|father|mum|mom|mother|step ?dad|step ?mum|brother|sister|son|"
           r"daughter|baby|kid|kids|child|children|wife|husband|partner|boyfriend|girlfriend|bf|gf|"
           r"ex|boss|manager|neighbour|neighbor|flatmate|roommate|landlord|teacher|friend|mate|"
           r"colleague|granddad|grandad|grandma|nan|gran|uncle|aunt|cousin|stepson|stepdaughter)|"
           r"(?:that|the|this) (?:guy|man|woman|kid|lad|girl|boy|bloke|bastard|bitch|prick|dick|"
           r"teacher|boss|manager|neighbour|neighbor|landlord|cunt|idiot|twat)|"
           r"my (?:\w+[- ])?(?:stepmother|stepfather|stepmum|stepbrother|stepsister|mother-in-law|"
           r"father-in-law|brother-in-law|sister-in-law|supervisor|coworker|co-worker|housemate|"
           r"classmate|nephew|niece|wife's \w+|husband's \w+|ex's \w+|cheating \w+)|"
           r"(?:his|her|their) (?:jaw|teeth|face|head|neck|legs?|arms?|nose|kneecaps))")
_WILL = (r"(?:i'?m going to|i am going to|i'?m gonna|im gonna|i'?ll|i will|ill|gonna|going to|"
         r"i want to|i wanna|want to|wanna|i'?m about to|about to|i'?m ready to|planning to|"
         r"i plan to|i intend to|i need to|i'?m finally going to|i'?m gunna)")

RULES: tuple[Rule, ...] = (
    # --- suicidal ideation, explicit ------------------------------------------------------
    Rule("si.kill_myself", "suicidal_ideation", "high",
         _r(rf"\b(?:kill|killing|killin|kil|kll|killed)\s*{_ME}\b")),
    Rule("si.kms", "suicidal_ideation", "high", _r(r"\bkms\b")),
    Rule("si.unalive", "suicidal_ideation", "high",
         _r(rf"\bunaliv(?:e|ing)\b|\bsewer ?slide\b|\b(?:top|topping|off|offing) {_ME}\b")),
    Rule("si.end_my_life", "suicidal_ideation", "high",
         _r(r"\b(?:end|ending|take|taking|end of) my (?:own )?life\b")),
    Rule("si.end_it", "suicidal_ideation", "high",
         _r(r"\b(?:end(?:ing)? it all|(?:want|wanna|going|gonna|planning|ready|decided|deciding|"
            r"about|thinking|think|thought|need|going to|tempted) (?:to |about |of )?"
            r"end(?:ing)? (?:it|things|everything|myself)(?! (?:with|for)\b)\b|"
            r"\bend(?:ing)? (?:it|things|everything) (?:all|for good|today|tonight|tomorrow|soon|"
            r"this week|this weekend|now|forever|after)\b|\bending it\W*$|"
            r"\bjust end it\b)"), kind="desire"),
    Rule("si.suicidal", "suicidal_ideation", "high",
         _r(r"\bsuicidal\b(?! (?:friend|person|people|patient|client|son|daughter|brother|"
            r"sister|behaviou?r|ideation training|risk|crisis team|patients|clients)\b)|"
            r"\bsuicidal (?:thoughts|feelings|urges|ideation|again|tonight|today)\b"),
         kind="state"),
    Rule("si.suicide_thoughts", "suicidal_ideation", "high",
         _r(r"\b(?:think|thinking|thought|thoughts|obsessing|fantasi[sz]ing|dreaming|planning)"
            r" (?:about|of|abt) (?:suicide|killing myself|ending it|ending my life|"
            r"ending things|my suicide|taking my (?:own )?life)\b"), kind="desire"),
    Rule("si.commit", "suicidal_ideation", "high",
         # cells (apoptosis) and lemmings are said to commit suicide too
         _r(r"(?<!cells )(?<!cell )(?<!lemmings )(?<!bacteria )(?<!neurons )"
            r"\b(?:commit|committing|attempt|attempting|try|trying) suicide\b|"
            r"\b(?:my|wrote|written|writing|write|wrote a|writing a|write a) suicide (?:note|"
            r"letter|plan)"
            r"\b|\bmy suicide\b")),
    Rule("si.want_to_die", "suicidal_ideation", "high",
         _r(r"\b(?:want|wanna|wanting|wish|wishing|would like|'d like|ready|long|longing|going|"
            r"gonna) (?:to |2 )?(?:just |actually |really |fucking |finally )?"
            r"(?:die|be dead|not (?:be )?(?:alive|exist|here)|not wake up|stop existing|"
            r"cease to exist|stop living)\b(?! (?:of|from|laughing|with laughter)\b)|"
            r"\bwant to be dead\b|\bwanna die\b"), kind="desire"),
    Rule("si.wish_dead", "suicidal_ideation", "high",
         _r(r"\bwish (?:i was|i were|i'?d|i had|i could be|to be) (?:dead|never born|gone|"
            r"not (?:alive|here|born)|died|not woken up)\b|"
            r"\b(?:hope|wish|want|pray) (?:that )?i (?:never|don'?t|dont|do not|won'?t) wake up\b|"
            r"\blet me (?:just )?(?:die|not wake up)\b"), kind="desire"),
    Rule("si.dont_want_to_live", "suicidal_ideation", "high",
         _r(r"\b(?:don'?t|do not|dont|no longer|don't really|never) (?:want|wanna|wish) "
            r"(?:to )?(?:live|be alive|exist|wake up|go on living|be here anymore|"
            r"be here any more|be on this earth)\b"), kind="desire"),
    Rule("si.no_more", "suicidal_ideation", "high",
         _r(r"\b(?:don'?t|dont|do not) (?:want|wanna) (?:to )?be here (?:no more|anymore|"
            r"any more)\b|"
            r"\b(?:world|everyone|everybody) (?:doesn'?t|does not|don'?t) need me(?: in it|"
            r" here)?\b|"
            r"\bwhy am i still (?:alive|here|breathing)\b|\bi shouldn'?t (?:be alive|still be here|"
            r"exist)\b|\b(?:want|wish|need)(?: for)? (?:everything|it all|the pain|"
            r"life) to (?:stop|"
            r"end) (?:permanently|forever|for good)\b|\b(?:stop|end) everything\W|"
            r"\b(?:wish|want|hope) (?:i could |to |that i could )?(?:just )?(?:vanish|disappear|"
            r"stop existing|cease to exist|not exist|stop being me)(?: permanently| forever|"
            r" for good)?"
            r"\b|\bdon'?t want to do this life thing\b|\bsick of (?:waking up|being alive|"
            r"living)\b|"
            r"\bdeath is what i want\b|\bfeel like dying\b(?! (?:of|from|laughing)\b)|"
            r"\bslip away\b|\bway out\b(?: (?:except|but) suicide| now)|"
            r"\bhop(?:e|ing) (?:that'?s|this is|it'?s|that is) the end\b|"
            r"\bhave that be the end\b|\bhop(?:e|ing) (?:my heart|the plane|a (?:lorry|car|bus|"
            r"truck)|something (?:happens|bad happens) to me|i (?:die|don'?t make it|get hit))\b|"
            r"\bwould(?:n'?t)? (?:welcome|mind) (?:it|death|dying|an accident)\b"),
         signal="implicit", kind="desire"),
    Rule("si.suicide_now", "suicidal_ideation", "high",
         _r(r"(?<!by )(?<!to )(?<!of )(?<!about )(?<!prevent )(?<!after )(?<!cell )(?<!cellular )"
            # figures of speech: "career suicide", "cell suicide" (apoptosis)
            r"(?<!cell-)(?<!career )(?<!social )(?<!political )(?<!commercial )(?<!electoral )"
            # "commit suicide" is si.commit's, which knows the cells and lemmings
            r"(?<!commit )(?<!committing )"
            r"\bsuicide\b(?! (?:(?:and|&) crisis )?(?:lifeline|"
            r"prevention|awareness|squad|hotline|helpline|line|rates?|statistics|risk|loss|"
            r"bereavement|survivors?|attempts? (?:years|when|at|in)|bomber|forest|watch|"
            r"first aid|training|charity|talk|walk)\b)(?:.{0,40}\b(?:option|on my mind|plan|"
            r"planning|looking|want|only|easier|answer|way)\b|\W*$)|"
            r"\b(?:planning|plan|planned) (?:my|your|the) (?:own )?(?:suicide|death)\b|"
            r"\b(?:picked|chosen|set) (?:a|the) date\b|\bwritten down when and where\b|"
            r"\bi know how i'?m going to do it\b|"
            # a lethal dose asked about for the writer (asked in general, the model decides)
            r"\blethal (?:dose|amount|quantity)\b(?=.{0,80}\b(?:for me|myself|my (?:weight|size)|i weigh|"
            r"to (?:die|end it|not wake)|kill me)\b)|"
            r"\benough (?:\w+ ){0,4}to (?:make sure i don'?t wake|not wake|die|kill me|end it)\b|"
            r"\b(?:shoot|shooting|shot) myself\b|\b(?:use|using) (?:it|them|the gun|a gun) on "
            r"myself\b|\bthinking (?:of|about) (?:taking )?an? (?:overdose|od)\b"),
         kind="desire"),
    Rule("si.method_question", "suicidal_ideation", "high",
         # the guide rates a question about the means high whatever reason comes with it; these
         # need a named medicine, a possession or a knot, not "a lethal dose of caffeine"
         _r(r"\blethal (?:dose|amount|quantity|number)\b(?=.{0,80}\b(?:i have|i'?ve got|i got|"
            r"my (?:prescription|script|meds|pills|tablets)|full (?:month|box|bottle|packet)|"
            r"pass out|lose consciousness|painless|just the number)\b)|"
            rf"\b(?:number|how many|amount|quantity) (?:of )?(?:my |these |your )?{_DRUGS}\b"
            r"(?: \w+){0,4} (?:kills?|would kill|to kill|is lethal|are lethal|to die|to not wake|"
            r"(?:to )?stop (?:your|my|a) heart)\b|"
            r"\b(?:tie|tying|make|making|knot) (?:a |the |my )?(?:noose|hangman'?s? knot|"
            r"hanging knot)\b|"
            r"\bhose ?pipe\b.{0,60}\b(?:exhaust|full tank|engine running)\b|"
            r"\bexhaust\b.{0,40}\bhose ?pipe\b|"
            r"\benough (?:amps|volts|voltage|current|electricity) to kill (?:you|a (?:person|man|"
            r"woman|human)|me|someone|somebody)\b"),
         signal="implicit", kind="desire"),
    Rule("si.sorry_to_wake", "suicidal_ideation", "high",
         # a passive wish: sorry to be alive or to have woken (the guide rates it high)
         _r(r"\b(?:disappointed|gutted|sad|upset|annoyed|angry|pissed off|furious|sorry|"
            r"devastated) (?:that )?(?:i'?m|i am|im) still (?:alive|breathing|here\W*$)|"
            r"\b(?:disappointed|gutted|sad|upset|annoyed|angry|pissed off|furious|sorry|"
            r"devastated) (?:that )?i (?:woke|wake|have woken|'?ve woken) (?:up )?(?:again|at all|"
            r"every (?:day|morning)|this morning)\b|"
            r"\bwish i (?:hadn'?t|had not|didn'?t|did not|wouldn'?t|would not) (?:have )?"
            r"(?:woken|wake|woke) up\b(?! (?:so early|early|at \d|in time|late))"),
         signal="implicit", kind="desire"),
    Rule("si.better_off_dead", "suicidal_ideation", "high",
         _r(r"\bbetter off dead\b|\bbe better off (?:if i was|if i were) (?:dead|gone)\b")),
    Rule("si.method", "suicidal_ideation", "high",
         _r(r"\b(?:hang|hanging|hung) myself\b|\bslit(?:ting)? my (?:wrists?|throat)\b|"
            r"\bgass(?:ing|ed)? (?:myself|yourself|oneself)\b(?! up)|"
            r"\b(?:jump|jumping|step|stepping|throw myself) (?:off|from|in front of|under) "
            r"(?:a|the|my|this) (?:bridge|building|roof|cliff|train|bus|car|lorry|truck|"
            r"balcony|tower|multi-?storey|platform)\b|"
            r"\b(?:walk|walking) into the (?:sea|river|lake|ocean|traffic)\b|"
            r"\b(?:drive|driving|crash|crashing) (?:my car )?(?:into|off) (?:a|the) "
            r"(?:tree|wall|bridge|river|cliff|oncoming)\b|"
            r"\b(?:researching|googling|looking up|searching|read up on) (?:suicide|ways to die|"
            r"how to die|painless ways|methods|how many \w+ (?:it takes|to))\b|"
            r"\bhow many (?:pills|tablets|paracetamol) (?:would )?(?:it takes?|to) "
            r"(?:kill|die|overdose)\b")),
    Rule("si.overdose_intent", "suicidal_ideation", "high",
         _r(r"\b(?:going to|gonna|want to|wanna|planning to|about to) (?:take an |"
            r"take a |)(?:overdose|od)\b|\btake (?:all|every one) of (?:my|the|these|those) "
            rf"{_PILLS}")),
    # --- suicidal ideation, implicit ------------------------------------------------------
    Rule("si.better_off_without_me", "suicidal_ideation", "high",
         _r(r"\b(?:better|happier|easier) (?:off )?(?:without|w/?o|widout|wivout) me\b|"
            r"\bbeter off widout me\b|\b(?:world|everyone|they) (?:would|will|'d) be (?:lighter|"
            r"better|"
            r"happier|easier) (?:without me|if i (?:was|were|wasn'?t|weren'?t) (?:here|around|"
            r"gone))"
            r"\b|\bbetter off if i (?:was|were|wasn'?t|weren'?t) (?:here|around|gone|dead)\b|"
            r"\b(?:favou?r|easier for (?:everyone|them)) (?:by )?(?:not being here|if i (?:was|"
            r"were) "
            r"gone)\b|\b(?:grieve|mourn) me\b|\bremove myself\b|"
            r"\bbetter as a memory\b|\bif i (?:was|were)n'?t (?:here|around) (?:they|my|everyone)"
            r"\b"), signal="implicit", kind="state"),
    Rule("si.nobody_would_notice", "suicidal_ideation", "high",
         _r(r"\b(?:no ?one|nobody|noone|no-one|no body)(?:'d| would| will|'ll)? (?:even )?"
            r"(?:notice|care|miss me|realise|realize)(?: if i (?:was|were|went|died|disappeared|"
            r"wasn'?t (?:here|around)|was gone|just (?:disappeared|vanished|went))\b| i was gone"
            r"| i'?d gone|\W*$)"), signal="implicit", kind="state"),
    Rule("si.not_around_long", "suicidal_ideation", "high",
         _r(r"\b(?:won'?t|will not|wont|not going to|not gonna) (?:be (?:a (?:problem|burden|"
            r"bother|worry)|around|here|alive|needing (?:it|them|this))|need (?:it|them|this|"
            r"either|to worry about me)|have to (?:deal with|worry about) me|"
            r"be (?:a problem|a burden) for (?:anyone|you|them))(?: (?:much|for much|any|"
            r"for) longer| anymore| any more| for long| by then| for (?:it|that|them)| after"
            r" (?:tonight|today|this week|tomorrow|friday|the weekend))\b|"
            r"\bnot (?:going|gonna) (?:to )?stick around\b|"
            r"\bwon'?t (?:be a (?:problem|burden)|have to worry about me)\b"),
         signal="implicit", kind="state"),
    Rule("si.means_ready", "suicidal_ideation", "high",
         _r(rf"\b(?:got|have|had|keep|keeping|with) (?:all )?(?:the |my |these |those )?"
            rf"(?:{_PILLS}|rope|noose)(?: \w+){{0,3}} (?:ready|saved|stockpiled|counted|lined up|"
            r"laid out|sorted|hidden|waiting|all counted)\b|"
            rf"\b(?:saving|saved|stockpiling|stockpiled|hoarding|collecting|counting out|"
            rf"counted out|saving up) (?:up )?(?:all )?(?:my |the |these )?{_PILLS}|"
            rf"\b(?:pills|tablets|meds) (?:are )?(?:all )?(?:ready|counted out|lined up|"
            rf"saved up)\b|"
            r"\bbought (?:a|the) (?:rope|noose)\b"), signal="implicit"),
    Rule("si.goodbye", "suicidal_ideation", "high",
         _r(r"\b(?:written|wrote|writing|finished|left) (?:my |the |some )?(?:goodbye|farewell)"
            r" (?:letters?|notes?|messages?)\b|"
            r"\b(?:written|wrote|writing|finished) (?:the |my |some )?(?:letters|notes) "
            r"(?:to|for) (?:everyone|my family|my kids|my children|my parents|each of|all of|"
            r"after|when i'?m gone|my (?:mum|mom|dad|wife|husband|partner))\b|"
            r"\b(?:given|gave|giving|rehomed|rehoming|found a home for) (?:away )?(?:my|all my) "
            r"(?:cat|dog|cats|dogs|pets?|rabbit|fish|things|stuff|belongings|possessions)\b"
            # ... not for a landlord, an allergy or a move
            r"(?![^.?!]{0,80}\b(?:landlord|allerg\w*|new (?:flat|house|place)|no pets|moving "
            r"(?:house|abroad|out|in with))\b)|"
            r"\bgiving (?:my stuff|my things|everything|all my stuff) away\b|"
            r"\bput(?:ting)? my affairs in order\b|\bsaid my goodbyes\b|"
            r"\bthis is (?:my )?goodbye\b|\bgoodbye (?:everyone|forever|world|cruel world)\b|"
            r"\b(?:tonight|today)(?:'s| is) the night\b|\bfinal message\b|"
            r"\b(?:this is|this'll be|this will be) my last (?:message|night|day|entry|post)\b|"
            r"\bwon'?t (?:wake up|see (?:tomorrow|the morning|another day|next week))\b|"
            r"\b(?:my|the) last (?:entry|message|check-in|check in|night|post)\b|"
            r"\b(?:for|after|once) (?:when )?i'?(?:m| am| have|ve)? gone\b|\bremember me by\b|"
            r"\bmy goodbye (?:on|note|letter|video)\b|\b(?:given|gave) (?:away )?the (?:dog|cat) to"
            r"\b|\bpeace out world\b|\bforgive me for what i'?m about to do\b|"
            r"\bmy affairs in order\b|\btying (?:things )?off\b|\bmy turn to go\b|"
            r"\bdon'?t need to worry about me after\b|"
            r"\b(?:cleaned|loaded|oiled|got out|took out|dug out) (?:the|my|dad'?s|grandad'?s) "
            r"(?:shotgun|gun|rifle|pistol|revolver)\b[^.?!]{0,60}?\b(?:made (?:my )?peace|said (?:my )?"
            r"goodbyes?|wrote (?:a|the|my) (?:note|letter)|won'?t (?:need|be needing))\b"),
         signal="implicit"),
    Rule("si.disappear", "suicidal_ideation", "high",
         _r(r"\bdisappear(?:ing)? (?:forever|for good|permanently|and never come back)\b|"
            r"\b(?:pricing|priced|price of|looking at|picked out|choosing) (?:a )?coffins? for one\b|"
            r"\b(?:go to|fall) sleep and (?:never|not) wake up\b|\bsleep forever\b|"
            r"\bnot wake up (?:again|tomorrow)\b|\b(?:fall asleep|sleep|close my eyes|go to sleep)"
            r" and (?:never|not) (?:wake up|open them)\b|\bmake it so i don'?t (?:wake up)?\b|"
            r"\bbrave enough to not wake up\b"), signal="implicit", kind="desire"),
    # --- self-harm --------------------------------------------------------------------------
    Rule("sh.harm_myself", "self_harm", "high",
         _r(rf"\b(?:cut|cutting|cuting|cuts|burn|burning|burnt|burned|hurt|hurting|harm|harming|"
            rf"punish|punishing|scratch|scratching|starve|starving|bruise|bruising|hit|hitting|"
            rf"punch|punching|slap|slapping|bite|biting|hurtin|cuttin) {_ME}\b|"
            r"\b(?:hitting|banging|bashing|slamming|headbutt\w*) (?:my (?:head|fists?|hands?)|"
            r"the wall)\b|\bpunish(?:ing)? my (?:body|skin|arms?)\b|"
            r"\b(?:clawing|scratching|picking) (?:at )?my (?:own )?(?:face|arms?|skin|legs?) "
            r"(?:raw|till|until|open)\b|\bclawing at my own\b|\bgive myself (?:marks|scars|"
            r"something to)\b"),
         kind="desire"),
    Rule("sh.self_harm", "self_harm", "high",
         # ... not a time that is over ("my self-harm years", "self-harm history")
         _r(r"\bself[- ]?harm(?:ing|ed|s)?\b(?! (?:years|history|days|phase|past)\b)|"
            r"\bsh(?:'?ing|'?d)? (?:again|tonight|today)\b|"
            r"\bself[- ]?injur(?:y|ing|ed)\b|\b(?:gonna|going to|about to|want to|wanna|"
            r"need to) sh\b"),
         kind="desire"),
    Rule("sh.cutting", "self_harm", "high",
         _r(r"\b(?:cutting|cut|cuttin) (?:again|agen|tonight|tonite|my (?:arms?|wrists?|legs?|"
            r"thighs?|skin|stomach|hips?))\b"
            # ... not a leg cut on a fence post or by accident
            r"(?! (?:on (?:a|an|the|some)|by accident|accidentally|while|at work)\b)|"
            r"\b(?:going to|gonna|want to|wanna|about to|need to) (?:\w+ )?(?:cut|burn|"
            r"sh)\b(?! (?:back|"
            r"down|out|off|up|it|the|a|some|my hair|ties|costs|corners|him|her|them|this|that|"
            r"your|his|their|an?|class|school|ties|sugar|carbs)\b)|"
            r"\b(?:cutting|cut|cuttin) (?:deeper|three times|twice|this morning|today|rn|right now)"
            r"\b|\bi'?m cutting\b(?! (?:their|his|her|your|the|a|an|some|hair|back|down|out|"
            r"off|up|it|costs|corners|class|school|sugar|carbs|ties|people|them|him)\b)|"
            r"\bcutting (?:n|and) my\b|\bsh'?d\b|\bthe sh\b|"
            r"(?:🔪|🩸|🩹)\W*(?:me|tonight|2nite|tonite|again|restocking)|"
            r"\brelaps(?:e|ed|ing) (?:on|with) (?:the )?(?:sh|self[- ]?harm|cutting)\b"),
         kind="desire"),
    Rule("sh.blade", "self_harm", "high",
         _r(r"\b(?:blade|blades|razor|razors|sharpener blade)\b(?: \w+){0,5} (?:out|ready|in my "
            r"hand|on me|next to me|beside me|on the (?:desk|bed|side)|laid out)\b|"
            r"\b(?:got|have|holding) (?:the |a |my )?(?:blade|blades|razor)(?: out| ready)?\b"),
         signal="implicit"),
    Rule("sh.urge", "self_harm", "medium",
         _r(r"\burges? (?:to )?(?:cut|self[- ]?harm|sh|hurt myself|burn myself)\b|"
            r"\b(?:cutting|self[- ]?harm|sh) urges?\b"), kind="desire"),
    # --- harm to others ---------------------------------------------------------------------
    Rule("ho.threat", "harm_to_others", "high",
         _r(rf"\b{_WILL} (?:\w+ ){{0,2}}(?:kill|murder|stab|shoot|strangle|hurt|batter|beat|"
            rf"smash|glass|choke|attack|hit|punch|run over|poison|burn|break|knock|push|flog|"
            rf"do in|batter|deck|slap|kick|throttle|make|teach(?= \S+(?: \S+)? a lesson)|"
            rf"sort out|put) (?:up |in )?"
            rf"(?:the shit out of |the hell out of )?{_PERSON}"
            r"(?: (?:pay|suffer|a lesson|in the ground|down the stairs|through (?:a|the) window|"
            r"in hospital|over))?\b|"
            rf"\b{_WILL} (?:\w+ ){{0,2}}(?:kill|murder|stab|shoot|strangle|throttle) my "
            r"(?!(?:phone|screen|habits?|addictions?|cravings?|procrastination|inbox|"
            r"diet|budget|battery|back|legs|abs|sugar|social media|doomscrolling)\b)"
            r"\w+\b(?! (?:habits?|addictions?|cravings?|time|usage|streak)\b)|"
            r"\b(?:he|she|they|he'?s|she'?s|hes|shes)(?:'s| is| are)? (?:dead when i|dead meat|"
            r"getting (?:it|done|what'?s coming) (?:tonight|tonite|tomorrow|this weekend|when)|"
            r"going to get hurt|gonna get hurt|getting a kicking)\b|"
            r"\bi'?m coming for (?:him|her|them|you)\b|\bput (?:him|her|them) in the ground\b|"
            r"\bdo (?:him|her|them) in\b|\bmake (?:him|her|them) (?:pay|suffer)\b|"
            r"\bbeating of (?:his|her|their) life\b|\bneed(?:ing)? a hospital bed after\b|"
            # a place full of people, not heroin or the charts
            r"\bshoot(?:ing)? up (?:the|a|my|our|this|that) (?:school|office|job ?cent(?:re|er)|"
            r"mall|church|mosque|synagogue|temple|class(?:room)?|club|party|workplace|factory|"
            r"store|shop|station|concert|bar|gym|meeting|uni|college|campus|canteen|depot)\b"),
         kind="desire"),
    Rule("ho.weapon", "harm_to_others", "high",
         _r(r"\b(?:knife|gun|bat|hammer|machete|crowbar|axe|blade|shotgun)\b(?: \w+){0,6} "
            r"(?:for (?:him|her|them)|when (?:i see|he|she|they)|for when)\b|"
            r"\bbringing (?:the )?(?:knife|gun|tools|bat|blade)\b|"
            r"\b(?:knife|gun|bat|blade|pistol|hammer)(?:'s| is)? (?:in my (?:bag|coat|jacket|"
            r"pocket|"
            r"drawer|boot|car)|on me)\b|\bwith the (?:bat|knife|gun|hammer)\b|"
            r"\bgot (?:a|my|the) (?:knife|bat|gun|hammer|blade)(?: \w+){0,3} and (?:i'?m|im) "
            r"(?:going|waiting|outside)\b"), signal="implicit"),
    # --- acute crisis -----------------------------------------------------------------------
    Rule("cr.being_hit", "crisis", "high",
         _r(r"\b(?:he|she|they|he'?s|she'?s|hes|shes|they'?re)(?: is| are|'s)? (?:\w+ )?"
            r"(?:hitting|beating|punching|kicking|choking|strangling|attacking|hurting|"
            r"threatening|slamming|dragging) (?:me|us|my (?:mum|mom|mother|sister|brother|kids?|"
            r"baby|son|daughter)|her|him)\b|"
            r"(?<!it's )(?<!its )(?<!it is )(?<!it )(?<!grief is )(?<!grief's )"
            r"\b(?:hitting|beating|kicking|choking|strangling) me\b"), third_person_ok=True),
    Rule("cr.violence_now", "crisis", "high",
         # ... not a cockerel or a cat going for someone, a farmyard and a pet question
         _r(r"(?<!cockerel )(?<!rooster )(?<!goose )(?<!gander )(?<!cat )(?<!kitten )(?<!hen )"
            r"(?<!chicken )(?<!parrot )(?<!hamster )(?<!\bit)(?<!\bit )(?<!grief )"
            r"\b(?:is|are|'s|he'?s|she'?s|hes|shes) (?:\w+ )?(?:hitting|beating|punching|"
            r"kicking|choking|strangling|slapping|shoving|throwing|smashing|attacking|stabbing|"
            r"threatening|pinning|dragging|holding) (?!(?<=holding )(?:my |our )?hands?\b)"
            r"(?:me|us|her|him|my \w+|our \w+|mum|mom|nan|things at)\b|"
            r"\bthrow(?:ing|s)? (?:knives|a knife|the knife|bricks|a brick|a chair|chairs|"
            r"boiling water|hot water|a hammer|glass bottles|bottles|scissors) at (?:me|us|my "
            r"(?:kids?|mum|mom|baby|son|daughter|sister|brother))\b|"
            # locked in where the cold or the air runs out (not a drill: "how not to get locked in")
            r"(?<!get )(?<!gets )(?<!getting )\b(?:locked|trapped|shut) in (?:the |a )?(?:cold store|"
            r"cold room|walk-in (?:freezer|fridge|chiller)|freezer room|chiller|car boot|boot of (?:a|"
            r"the|his|her|my) car|shipping container|storage container|vault)\b|"
            r"\b(?:hands|forearm|arm) (?:round|around|on) my (?:throat|neck)\b|"
            r"\b(?:has|got|holding|with) (?:a|the) (?:knife|gun|machete|broken bottle|screwdriver)"
            r"(?: to my \w+)?\b(?=.*\b(?:me|us|says|said|threaten\w*|coming|outside|door)\b)|"
            r"\bknife to my\b|\b(?:he|she|they)(?: has|'s| is holding| is waving| has got|'s got) "
            r"(?:a|the|his|her) (?:knife|gun|machete|broken bottle|screwdriver|blade)\b|"
            r"\b(?:kicking|banging|trying) (?:the|my|on the) (?:\w+ )?door\b|"
            r"\b(?:kicking|breaking) the door (?:in|down)\b|\b(?:someone|somebody|he|she|they|"
            r"a man|"
            r"men|a guy|has|have|just) (?:has |have |just )?(?:broke|broken) in\b|\bbreaking in\b|"
            r"\btrying (?:to (?:get|break) in|the windows|the door)\b|\blocked me in\b|"
            r"\bwon'?t let me "
            r"(?:out|leave|go)\b|\bnot letting me (?:out|leave|go|sleep)\b|\btaken (?:my|both) "
            r"(?:phones?|keys)\b|\b(?:i'?m|we'?re|i am|im) (?:hiding (?:from|in the (?:wardrobe|"
            r"cupboard|bathroom|loft|closet|cellar|attic|shed))|in the wardrobe|in the loft|"
            r"locked in|under the bed)\b|\b(?:he'?s|hes|she'?s|shes) (?:back|outside|coming up "
            r"the stairs|coming in|coming for me|coming to get me)\b(?! (?:from|to|at|in|on|"
            r"home)\b)|"
            r"\bfollowed me\b|\b(?:drugged|raped|assaulted|forced himself|touched me)\b|"
            # gunshots heard or near now (not a snare sound, a film squib or a novel's wound)
            r"\b(?:hear(?:d|ing)?|there (?:are|were|was|is)|more|just) (?:\w+ ){0,2}gunshots?\b|"
            r"\bgunshots? (?:outside|nearby|close|downstairs|upstairs|next door|on (?:my|our|the) "
            r"(?:road|street)|in the (?:street|building|school|hall|car park|corridor))\b|"
            r"\b(?:has|have|he'?s got|she'?s got|with) (?:a )?gunshot wounds?\b(?=.{0,60}\b(?:"
            r"bleeding|now|here|help|ambulance)\b)|\bsmoke is\b|"
            r"\bcarbon monoxide alarm\b(?=.{0,30}\b(?:going off|went off|goes off|beeping|sounding|"
            r"keeps)\b)|\bsmell of gas\b"),
         third_person_ok=True),
    Rule("cr.medical_now", "crisis", "high",
         _r(r"\b(?:vomiting|coughing up|throwing up) blood\b|\bbleeding (?:heavily|badly|a lot)\b|"
            r"\b(?:he|she|they|dad|mum|mom|husband|wife|partner|friend|mate|son|daughter|baby|"
            r"someone|"
            r"i|i'?ve)(?: has| have|'s)? (?:just )?(?:collapsed|passed out)\b|"
            r"\b(?:passing out|convulsing|fitting on|(?:is|he'?s|she'?s|started|keeps) fitting)\b|"
            r"\b(?:isn'?t|not|stopped) (?:responding|moving|getting up)\b|"
            r"\bbreathing (?:really |very )?(?:strangely|slow|shallow|funny|weird)\b|"
            r"\b(?:swallowed|ate|eaten|drank|drunk|got hold of) (?:some |one of )?(?:my |the |his |"
            r"her |those |a )?(?:\w+ )?(?:pills|tablets|bleach|batter(?:y|ies)|button batter\w*|"
            r"dishwasher|antifreeze|cleaning|detergent|medicine|meds|weed killer|paracetamol)\b|"
            r"\b(?:face|mouth|smile) (?:has )?(?:gone |is )?(?:droop\w*|numb|lopsided)\b|"
            r"\bslurred\b|\bcan'?t (?:lift|feel|move) (?:my|his|her) (?:left|right)\b|"
            r"(?<!makes my )(?<!make my )(?<!made my )"
            r"\b(?:chest|throat)(?: is| feels)? (?:really )?(?:tight|crushing|closing)\b"
            # ... not the tight chest of ongoing stress or of a worry the person names
            r"(?!.{0,60}\b(?:all the time|from (?:the )?(?:stress|anxiety|worry|work)|"
            r"thoughts? racing|racing thoughts|where do i (?:even )?start|"
            r"when(?:ever)? i (?:think|have|get|am|go|see)|every time|lately|for (?:days|weeks|"
            r"months)|every (?:day|morning|night|week)|sometimes|before (?:every|my|a|the))\b)|"
            r"\bleft arm\b|\banaphyla\w*\b|\bworst headache\b|"
            r"\bcan'?t stand up\b|\b(?:isn'?t|not) breathing\b|\bgone (?:blue|grey|limp)\b|"
            # first aid asked while it is happening, and a person in the water
            r"\b(?:cpr|mouth to mouth|chest compressions|rescue breaths|heimlich|abdominal "
            r"thrusts)\b(?=.{0,60}\b(?:right now|rn|asap|hurry|please help)\b)|"
            r"\b(?:right now|asap|hurry|please help)\b(?=.{0,60}\b(?:cpr|mouth to mouth|chest "
            r"compressions|rescue breaths|heimlich)\b)|\b(?:fell|fallen|i'?m|he'?s|she'?s) "
            r"overboard\b|\bpinned (?:against|under|between) (?:the|a) (?:wall|floor|ground|fence|"
            r"gate|car|van|machine|tractor|bars)\b"),
         third_person_ok=True),
    Rule("cr.threat_to_me", "crisis", "high",
         _r(r"\bthreaten(?:ed|ing|s) to (?:kill|hurt|stab|shoot) (?:me|us|the kids)\b|"
            r"\b(?:he|she|they|he'?s|she'?s|hes|shes)(?:'s| is| are|'ll| will)? (?:going to |"
            r"gonna )?(?:kill|murder) (?:me|us)\b|"
            r"\b(?:he|she)(?:'s| has) got a (?:knife|gun)\b"), third_person_ok=True),
    Rule("cr.overdose_taken", "crisis", "high",
         _r(rf"\b(?:took|taken|swallowed|downed|necked|had) (?:way )?(?:all|too many|"
            rf"(?:a )?(?:lot|load|bunch|handful|fistful) of|loads of|a whole (?:bottle|box|packet|"
            rf"strip)|the whole (?:bottle|box|packet|strip)|\d{{2,3}}|twenty|thirty|forty|fifty|"
            rf"all of) (?:of )?(?:my |the |his |her |mum'?s |dad'?s )?(?:\w+ )?{_PILLS}|"
            r"\b(?:overdosed|taken an overdose|took an overdose|took an od)\b"),
         third_person_ok=True),
    Rule("cr.cant_breathe", "crisis", "high",
         _r(r"\b(?:can'?t|cannot|cant|can not|struggling to|unable to) (?:breathe|breath|catch "
            r"(?:my|her|his) breath)\b|\b(?:stopped|isn'?t|not) breathing\b|"
            r"\b(?:throat|tongue|lips) (?:is |are )?(?:closing|swelling)\b"),
         third_person_ok=True),
    Rule("cr.medical", "crisis", "high",
         _r(r"\b(?:having|he'?s having|she'?s having|is having) (?:a )?(?:heart attack|stroke|"
            r"seizure|fit)\b(?! (?:last|years?|when)\b)|\bchest pain\b|"
            r"\b(?:unconscious|unresponsive|won'?t wake up|not waking up|turning (?:blue|grey))\b|"
            r"\b(?:bleeding|blood) (?:won'?t|will not|wont) stop\b|\bblood is spurting\b|"
            # a wound that pumps, however it happened
            r"\b(?:won'?t|will not|wont) stop (?:pumping|gushing|spurting)\b|"
            r"\b(?:it'?s|is|blood'?s) (?:\w+ )?(?:pumping|spurting|gushing) out\b"),
         third_person_ok=True),
    Rule("cr.hiding", "crisis", "high",
         _r(r"\b(?:hiding|hid|locked myself|locked in|barricaded) (?:\w+ ){0,4}(?:from (?:him|her|"
            r"them|my (?:dad|husband|partner|boyfriend|ex|stepdad|father))|"
            r"(?:bathroom|bedroom|cupboard|wardrobe|closet|under the bed))\b"),
         signal="implicit", third_person_ok=True),
    Rule("cr.danger", "crisis", "high",
         _r(r"\b(?:someone|somebody|a man|a guy|he|she|they)(?:'s| is| are)? (?:trying to (?:get|"
            r"break) in|breaking in|in my (?:house|flat|room|garden)|outside my (?:door|window|"
            r"house|flat)|following me|banging on the door)\b|\bbeing followed\b|"
            r"\b(?:raped|sexually assaulted|spiked) (?:me|tonight)\b|"
            r"\b(?:i was|i've been|i got|just been|i have been) (?:raped|sexually assaulted|"
            r"spiked|attacked)\b"), third_person_ok=True),
    *MEANS_RULES,
    Rule("sh.purge_or_hide", "self_harm", "high",
         _r(r"\bmake myself (?:sick|throw up|vomit|puke) (?:after|when|once)\b|"
            r"\bhow (?:do i|can i|to) (?:make myself )?(?:throw up|vomit|purge) (?:after|without|"
            r"quietly|silently)\b|\bhide my cuts\b|\bhide (?:the |fresh |new )?cuts (?:on|from|"
            r"under|in (?:summer|pe|gym))\b|"
            r"(?<!empêcher de )(?<!arrêter de )(?<!parle de )(?<!parlé de )(?<!parlait de )"
            r"\b(?:me|se) faire vomir\b|"
            r"\b(?:hacerme|provocarme) (?:el )?v[oó]mit(?:ar|o)\b|"
            r"\bme fazer vomitar\b|\bfazer vomitar (?:depois|sem|após)\b|"
            r"\bfarmi vomitare\b|\b(?:mich|sich) (?:selbst )?(?:zum erbrechen bringen|"
            r"übergeben nach dem essen)\b|\bmezelf (?:laten )?(?:overgeven|kotsen)\b|"
            r"\b(?:wywołać|wywołuję|wywolac|wywoluje) (?:u siebie )?wymioty\b|"
            r"\bkendimi kusturma\w*\b|\b(?:bikin|buat) (?:diri )?(?:sendiri )?muntah\b|"
            r"\bframkalla (?:en )?kräkning\b|\bfå mig (?:själv )?att kräkas\b|"
            r"\b(?:să|sa) (?:mă|ma) fac (?:să|sa) vomit\b|"
            # hiding fresh cuts
            r"\b(?:cacher|dissimuler) (?:les |mes |des |ces )?(?:coupures|entailles|scarifications)\b|"
            r"\b(?:esconder|ocultar|tapar|tapo|cubrir|cubro|disimular) (?:los |mis |os |meus )?"
            r"cortes\b(?! de (?:luz|agua|água|pelo|cabelo|energia))|"
            r"\b(?:nascondere|coprire) (?:i |dei |i miei )?tagli\b(?! di capelli)|"
            r"\b(?:schnitte|ritzwunden) (?:verstecken|verbergen)\b|"
            r"\b(?:snijwonden|sneetjes) (?:verbergen|verstoppen)\b|"
            r"\b(?:ukryć|ukryc|schować|zakryć|zakryc) (?:moje )?(?:cięcia|ciecia|nacięcia|naciecia)\b|"
            r"\b(?:kesikleri|kesiklerimi|jilet izlerini) (?:saklamak|gizlemek|nasıl saklarım)\b|"
            r"\b(?:nyembunyiin|menyembunyikan|sembunyiin) (?:luka |bekas )?sayatan\b|"
            r"\b(?:dölja|gömma) (?:mina )?skärsår\b|"
            r"\b(?:ascund|ascunde) (?:tăieturile|taieturile)\b|"
            r"\bsvälta (?:mig|sig)\b(?! (?:igenom|fram))|"
            r"\bmake (?:my |her |his )?(?:mum|mom|dad|parents|partner|wife|husband|family|flatmate|"
            r"boyfriend|girlfriend) (?:think|believe) (?:i'?ve|i have|i) (?:had|eaten|ate)\b|"
            # a partner in starving ("ana buddy wanted"), and fresh cuts healed or hidden unseen
            r"\b(?:pro-?ana|pro-?mia|ana|mia) (?:buddy|buddies|coach|partner|accountability "
            r"partner)\b|"
            r"\b(?:fresh|new|recent) (?:cuts|burns|scratches|wounds)\b(?=[^.?!]{0,80}?\b(?:no ?one|"
            r"nobody|without (?:anyone|anybody|my \w+)) (?:\w+ )?(?:sees?|notices?|will (?:see|notice)|"
            r"can (?:see|tell)|finds? out|asks?|seeing|noticing)\b)|"
            r"\bfrische (?:schnitte|wunden|ritzer|schnittwunden|verbrennungen)\b(?=[^.?!]{0,80}?"
            r"\b(?:keiner|niemand) (?:\w+ )?(?:sieht|merkt|sehen|bemerkt)\b)|"
            r"\b(?:coupures|entailles) (?:récentes|fraîches|fraiches)\b(?=[^.?!]{0,80}?\bpersonne ne)|"
            r"\bcortes (?:frescos|recientes|nuevos|recentes|novos)\b(?=[^.?!]{0,80}?\b(?:nadie|"
            r"ninguém|ninguem)\b)|\btagli (?:freschi|recenti|nuovi)\b(?=[^.?!]{0,80}?\bnessuno\b)|"
            r"\bverse (?:sneden|snijwonden|sneetjes)\b(?=[^.?!]{0,80}?\bniemand\b)|"
            r"\bświeże (?:cięcia|rany|nacięcia)\b(?=[^.?!]{0,80}?\bnikt\b)|"
            r"\byeni (?:kesikler|kesikleri)\b(?=[^.?!]{0,80}?\bkimse\b)|"
            r"\bfärska (?:skärsår|sår)\b(?=[^.?!]{0,80}?\bingen\b)|"
            r"\btăieturi(?:le)? (?:proaspete|noi)\b(?=[^.?!]{0,80}?\bnimeni\b)"), kind="desire"),
    Rule("si.not_wake", "suicidal_ideation", "high",
         _r(r"\bne plus (?:jamais )?(?:me |se )?réveiller\b|\bne jamais me réveiller\b|"
            r"\bno (?:volver a )?despertar(?:me)? (?:nunca )?más\b|\bno volver a despertar\b|"
            r"\b(?:para|pra) (?:eu )?não acordar mais\b|\bnunca mais acordar\b|\bnão acordar nunca mais\b|"
            r"\b(?:nicht mehr|nie wieder) (?:auf)?(?:zu)?wachen\b|\bnie mehr aufwachen\b|"
            r"\bnon (?:mi )?(?:ri)?svegliarmi più\b|\bnon svegliarsi più\b|"
            r"\bniet meer wakker (?:te )?worden\b|"
            r"\bżeby się (?:już )?nie obudzić\b|\b(?:już )?nigdy się nie obudzić\b|\bjuż się nie obudzić\b|"
            r"\bbir daha uyanmamak\b|\bhiç uyanmamak\b|"
            r"\b(?:biar|supaya|agar) (?:tidak|gak|nggak|ga|ngga) (?:usah )?bangun lagi\b|"
            r"\b(?:man|jag) (?:ska )?(?:inte|aldrig) (?:ska )?vakna (?:igen|mer)\b|\baldrig vakna igen\b|"
            r"\b(?:să|sa) nu (?:mă|ma) mai trezesc\b|"
            r"\b(?:dobara|kabhi|fir se) na uth(?:u|oon|un)\b")),
)

# Third persons: someone else at risk is medium (the writer needs resources); a past death is low.
THIRD_PERSON_RULES: tuple[Rule, ...] = (
    Rule("tp.loss", "suicidal_ideation", "low",
         _r(r"\b(?:killed|hanged|hung) (?:himself|herself|themselves|themself)\b|"
            r"\btook (?:his|her|their) (?:own )?life\b|\b(?:died|death) by suicide\b|"
            r"\b(?:committed|completed) suicide\b|\blost (?:\w+ ){1,3}to suicide\b|"
            r"\b(?:his|her|their) suicide\b"), kind="state"),
    Rule("tp.suicidal", "suicidal_ideation", "medium",
         _r(r"\b(?:kill|killing|end|ending) (?:himself|herself|themselves|themself|his life|"
            r"her life|their life)\b|"
            r"\b(?:he|she|they)(?:'s| is| are| has been| have been| seems| sounds| was)? "
            r"(?:\w+ ){0,2}suicidal\b|\b(?:wants?|wanting|wishes) (?:to die|he was dead|"
            r"she was dead|they were dead)\b|\bthinking about suicide\b|\btalks? about suicide\b|"
            r"\bbe better off without (?:him|her|them)\b"), kind="state"),
    Rule("tp.self_harm", "self_harm", "medium",
         _r(r"\b(?:cut|cuts|cutting|hurt|hurts|hurting|harm|harms|harming|burn|burns|burning)"
            r" (?:himself|herself|themselves|themself)\b|"
            r"\b(?:he|she|they)(?:'s| is| are| has been| have been)? (?:\w+ )?"
            r"(?:self[- ]?harm\w*|cutting)\b"), kind="state"),
)

# Phrases whose risky words are meant in another sense. A rule match overlapping one is dropped.
SAFE_SPANS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # ... said of a thing, not a person ("menopause is kicking my butt")
    ("idiom:kicking_my_butt", _r(r"\b(?:menopause|work|job|life|this|that|it|uni|school|exams?|"
                                 r"week|month|year|training|gym|workout|course|class|module|"
                                 r"project|degree|deadline|insomnia|baby|toddler|heat|flu|covid|"
                                 r"chemo|pregnancy|grief|anxiety|depression|stress|winter|"
                                 r"mondays?|shifts?|commute|rent|debt)(?:'s| is| are| has been| "
                                 r"keeps)? kicking my (?:butt|ass|arse|backside)\b")),
    # a question about what a service is for, or about a group or service for self-harm
    ("service:suicidal_to_call", _r(r"\b(?:have|need|got) to be suicidal to (?:call|ring|text|"
                                    r"contact|use|phone|get)\b")),
    ("service:self_harm", _r(r"\b(?:support groups?|services?|charit(?:y|ies)|helplines?|"
                             r"resources|awareness|training|courses?|groups?|organi[sz]ations?) "
                             r"(?:for|about|on|around) (?:people who )?self[- ]?harm\w*\b|"
                             r"\bself[- ]?harm (?:support groups?|services?|charit(?:y|ies)|"
                             r"helplines?|awareness|training|courses?|organi[sz]ations?)\b")),
    ("idiom:killing_me", _r(r"\b(?<!he's )(?<!she's )(?<!he is )(?<!she is )killing me\b")),
    ("idiom:could_murder", _r(r"\b(?:could|would|'d) (?:murder|kill) (?:a|an|for|some|the)\b")),
    ("idiom:kill_it", _r(r"\bkill(?:ed|ing|s)? it\b(?! all)|\bkill(?:ing)? time\b|"
                         r"\bdressed to kill\b|\bkill two birds\b|\bkill (?:me )?with kindness\b")),
    ("idiom:dying_to", _r(r"\b(?:dying|die|dyin) (?:to|for) (?:see|know|try|get|go|hear|meet|a|an|"
                          r"some|the)\b|\bto die for\b")),
    ("idiom:die_of", _r(r"\b(?:die|died|dying|dead)(?: of| from| with)? (?:embarrassment|shame|"
                        r"laughter|laughing|boredom|cringe|happiness|excitement)\b|"
                        r"\b(?:bored|scared|sick|tired|worried) (?:me )?to death\b")),
    ("idiom:will_kill_me", _r(r"\b(?:mum|mom|mam|ma|dad|boss|manager|teacher|wife|husband|"
                              r"parents|coach|gf|bf|girlfriend|boyfriend|sister|brother|nan|"
                              r"gran)(?:'s| is| will|'ll| is going to| is gonna| gonna)? "
                              r"(?:literally )?(?:going to |gonna )?kill me\b|"
                              r"\bkill me (?:when|if) (?:she|he|they) (?:sees?|finds? out|hears?)\b"
                              r"|\bkill me (?:lol|haha|😂|😭)")),
    ("idiom:burn_out", _r(rf"\b(?:burn|burning|burnt|burned|wear|wearing|run|running|work|working)"
                          rf" {_ME} (?:out|down|into the ground|to the bone|to death|ragged)\b|"
                          rf"\b(?:hurt|hurting|cut|cutting|burnt|burned) {_ME} (?:shaving|cooking|"
                          r"on the (?:oven|hob|iron|kettle|stove|pan|grill)|at the gym|playing|"
                          r"chopping|by accident|accidentally)\b|\baccidentally (?:cut|burnt|"
                          r"burned|hurt)\b")),
    ("idiom:dead_thing", _r(r"\b(?:phone|battery|laptop|car|plant|plants|brain|wifi|internet|"
                            r"printer|tv|remote)(?:'s| is| was| went)? (?:totally |completely )?"
                            r"dead\b")),
    ("idiom:death_of_me", _r(r"\b(?:be|been|is|was) the death of (?:me|us)\b|\bover my dead body\b|"
                             r"\bdead (?:on my feet|tired|keen|chuffed|serious|easy|last|end|beat|"
                             r"good|set|ringer|weight|heat)\b|\bdrop dead\b|\bknock (?:'?em|them) "
                             r"dead\b|\bkill(?:s|ed|ing)? the (?:mood|vibe|vibes|buzz|lights)\b|"
                             r"\bkiller (?:app|workout|heels|view|deal|playlist|feature)\b|"
                             r"\bkill(?:ing)? (?:some |a bit of |an hour|the )?time\b|"
                             r"\b(?:died|passed away|went) peacefully\b|\bnearly died\b")),
    ("idiom:murder_me_if", _r(r"\b(?:will|'ll|is going to|is gonna|gonna|going to) (?:literally )?"
                              r"(?:murder|kill|strangle) me (?:if|when|for)\b")),
    ("idiom:things_dying", _r(r"\b(?:plants?|flowers?|battery|batteries|phone|laptop|car|engine|"
                              r"tv|printer|router|wifi|headphones|torch|houseplants?|basil|"
                              r"sourdough starter)(?: \w+)? (?:is |are |was |were |keeps? |kept )?"
                              r"(?:dying|died|dies|dead)\b")),
    ("gaming:dying", _r(r"\b(?:team|character|squad|teammates|avatar|sims?)(?: \w+)? (?:kept|keeps|"
                        r"keep) (?:dying|getting killed)\b|\bdied (?:again )?(?:in|on|to) (?:the |"
                        r"that |this )?(?:game|level|boss|match|raid|round|map)\b")),
    ("idiom:kill_myself_laughing", _r(rf"\bkill(?:ed|ing)? {_ME} (?:laughing|with laughter)\b")),
    ("idiom:if_he_borrows", _r(r"\b(?:kill|strangle|murder|throttle|kill) (?:him|her|them|my \w+)"
                               r" if (?:he|she|they) (?:\w+ ){0,2}(?:borrows?|eats?|forgets?|"
                               r"leaves?|finish(?:es)?|drinks?|uses?|takes? my)\b")),
    ("idiom:thought_i_was", _r(r"\bthought (?:i was|i'?d|it was|i might be) (?:having|dying|"
                               r"going to die)")),
    ("idiom:for_you", _r(r"\b(?:throw|jump|step) (?:myself )?(?:in front of|off) (?:a|the) "
                         r"(?:\w+ )?for (?:her|him|them|you|my \w+)\b")),
    ("idiom:shot_foot", _r(r"\bshoot(?:ing)? my shot\b|\b(?:shot|shoot|shooting) myself in the "
                           r"foot\b")),
    ("technical:kill_process", _r(r"\bkill(?:ed|ing|s)?(?: -9)? (?:the |a |that |this |my |all )?"
                                  r"(?:\w+ )?(?:process(?:es)?|job|jobs|thread|task|server|pid|"
                                  r"container|pod|daemon|session|tab|app|program|query|worker|"
                                  r"instance|node|build|script|loop|service|terminal)\b")),
    ("idiom:hiding_from_chores", _r(r"\bhiding (?:\w+ ){0,4}from (?:the |my |all the )?(?:kids|children|"
                                    r"toddlers?|in-?laws|washing|laundry|housework|chores|guests|"
                                    r"emails?|inbox|to-?do list|responsibilities)\b|"
                                    r"\bhiding in (?:the |my )?(?:bathroom|bedroom|car|garden|shed)"
                                    r"(?: \w+){0,3} (?:lol|lmao|haha\w*|😂|🤣)")),
    ("biology:cell_suicide", _r(r"\b(?:cells?|lemmings|bacteria|neurons|bees|ants|"
                                r"organelles)\b(?: \w+){0,3} (?:commit|commits|committing|"
                                r"committed) suicide\b|\bapoptosis\b.{0,40}\bsuicide\b")),
    # a denial of suicidal thoughts in other languages (English denials are NEGATION's); the
    # model still reads the message
    ("negation:other_language", _r(
        r"\bnie (?:mam|miewam) (?:\w+ )?myśli samobójczych\b|\bnie myślę o samobójstwie\b|"
        r"\bnão (?:tô|to|estou|ando) (?:pensando|a pensar) em (?:me matar|suic[ií]dio)\b|"
        r"\bnão (?:penso|pensei) em (?:me matar|suic[ií]dio)\b|\bnão sou suicida\b|"
        r"\bsuicidal nahi (?:hu|hoon|hun|hai)\b|\bsuicide ka (?:koi )?(?:khayal|vichar|irada) "
        r"nahi\b|"
        r"\bje ne (?:pense|songe) (?:pas|jamais) (?:du tout )?(?:au suicide|à me tuer|à mourir)\b|"
        r"\bpas suicidaire\b|"
        r"\bno (?:estoy pensando en|pienso en|he pensado en) (?:suicidarme|el suicidio|matarme)\b|"
        r"\bno soy suicida\b|\bno me quiero (?:matar|suicidar)\b|"
        r"\bnicht (?:suizidal|lebensmüde)\b|\bkeine (?:suizid|selbstmord)gedanken\b|"
        r"\bdenke nicht an (?:suizid|selbstmord)\b|"
        r"\bnon (?:penso|sto pensando) (?:al suicidio|di uccidermi|a uccidermi)\b|"
        r"\bnon sono suicida\b|"
        r"\bniet suïcidaal\b|\bgeen zelfmoordgedachten\b|\bdenk niet aan zelfmoord\b|"
        r"\binte självmordsbenägen\b|\binga självmordstankar\b|"
        r"\bintihar(?:ı)? (?:etmeyi )?düşünmüyorum\b|"
        r"\b(?:tidak|nggak|gak|ga|enggak) (?:ada )?(?:niat |kepikiran |mau )?bunuh diri\b|"
        r"\bnu (?:mă|ma) gândesc la sinucidere\b|\bnu (?:mă|ma) gandesc la sinucidere\b")),
    ("comfort:holding_hand", _r(r"\b(?:holding|held|holds) my hand\b")),
    ("past:old_scars", _r(r"\b(?:old|faded|healed|white) (?:self[- ]?harm )?scars\b|"
                          r"\b(?:self[- ]?harm )?scars (?:are|r) (?:\w+ ){0,4}(?:old|faded|healed)\b")),
    # someone else's thoughts of suicide reported in other languages: the model decides
    ("third_person:other_language", _r(
        r"\b(?:qu'(?:il|elle)|que (?:él|ella|ele|ela)|che (?:lui|lei)|dass (?:er|sie)|"
        r"dat (?:hij|zij|ze)) (?:\w+ ){0,4}(?:suicid\w*|zelfmoord|selbstmord|suizid\w*|"
        r"nicht mehr leben|se matar|uccidersi|suicidarse|se suicider)\b|"
        r"\b(?:usko|use|usse|unko) (?:\w+ ){0,3}jeene ka mann nahi")),
    # an animal's illness or a garden job, not a person's emergency or self-harm
    ("animal:pet_unwell", _r(r"\b(?:dog|cat|labrador|lab|horse|pony|rabbit|puppy|kitten|pet|"
                             r"hamster|budgie|sheep|cow|ewe|goat|collie|spaniel|terrier|retriever|"
                             r"greyhound|lurcher|husky|poodle|beagle|tabby)\b(?: \w+){0,8} (?:can'?t stand "
                             r"up|isn'?t breathing|not breathing|collapsed|gone limp)\b")),
    ("gardening:cut", _r(r"\bcut\b(?: \w+){0,3} (?:ring-?bark\w*|suckers?|branch(?:es)?|hedges?|"
                         r"roots?|lawn|stems?|saplings?|brambles?|ivy|deadwood)\b")),
    # grief or news that lands late ("it's only now hitting me"), not a blow
    ("idiom:hitting_me", _r(r"\b(?:it|its|it's|it is|it has|it's been|grief|the loss|reality|"
                            r"the news|it all|everything|this) (?:\w+ ){0,3}hitting me\b"
                            r"(?! (?:with|again and again|in the))")),
    ("technical:hang", _r(r"\b(?:app|page|screen|program|laptop|browser|build|it) (?:just )?"
                          r"hangs?\b")),
)

# Sentence-level cues: their presence marks a sentence as a benign reading of risky words.
CONTEXT_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("gaming", _r(r"\b(?:boss fight|final boss|the boss|level \d+|respawn\w*|raid|dungeon|"
                  r"fortnite|minecraft|valorant|call of duty|cod|elden ring|dark souls|zelda|"
                  r"mario|the sims|my sims|npc|pvp|lobby|checkpoint|speedrun|hardcore mode|"
                  r"headshot|overwatch|apex|league of legends|my character|video game|gaming|"
                  r"ps5|xbox|steam deck|on my switch|death sav(?:e|es|ing throws?)|saving throws?|"
                  r"5e|d&d|dnd|dungeons (?:and|&) dragons|dungeon master|hit points|ttrpg|tabletop)\b")),
    ("fiction", _r(r"\b(?:in|from) (?:the|a|this|that|my|his|her) (?:book|novel|film|movie|show|"
                   r"series|song|story|play|episode|poem|lyrics|musical|anime|manga|podcast)\b|"
                   r"\b(?:character|protagonist|narrator|villain|plot|chapter|lyric|lyrics|"
                   r"chorus|album|episode|screenplay|my novel|my story|the song)\b")),
    ("hypothetical", _r(r"\b(?:hypothetically|in theory|in general|generally speaking|"
                        r"statistically|asking for a friend|for (?:an|my) (?:essay|assignment|"
                        r"class|project|dissertation|research|article|newsletter|course)|"
                        r"(?:first[- ]aid|cpr) (?:course|class|training|exam|test|module)|"
                        # first-aid guidance asked about a casualty in general
                        r"(?:the |what'?s the |what is the )(?:current |latest |official )guidance on|"
                        # "what does one do if ...", asked in general in the other languages
                        r"vad (?:gör|ska) man (?:göra )?om|was (?:macht|tut) man,? wenn|"
                        r"wat (?:doe je|moet je doen) als|que faire (?:si|quand)|"
                        r"qu[eé] (?:se )?hace(?:r)? (?:si|cuando)|cosa (?:si )?fa(?:re)? (?:se|quando)|"
                        r"o que fazer (?:se|quando)|co (?:zrobić|robić),? (?:jeśli|jeżeli|gdy|kiedy)|"
                        r"ce (?:faci|se face),? dac[ăa]|apa yang harus dilakukan (?:kalau|jika|bila)|"
                        r"(?:why|how) do people|what makes people|warning signs|signs of|"
                        r"what should (?:you|someone|one|people) do if|how (?:can|do|should) "
                        r"(?:you|we|people|someone) (?:help|support|talk to|spot|tell)|"
                        r"if (?:i|you|someone|somebody|a person) (?:ever )?(?:feel|felt|were|"
                        r"became|started) [\w\s]{0,30}\?|myths?|statistics|safeguarding|"
                        r"awareness|blog post|assembly|(?:stuff|things|book|story|post|"
                        r"article|essay|poem|documentary|podcast|lecture|module) about|(?:is|"
                        r"if) (?:that|this|it)(?:'s| is)? "
                        r"(?:self[- ]?harm|suicidal|normal self[- ]?harm))")),
)

# A negation cue inside the same clause, at most four words before the match.
NEGATION = _r(r"\b(?:rather than|instead of|never|not|no|don'?t|dont|do not|didn'?t|did not|won'?t|wouldn'?t|"
              r"would not|isn'?t|aren'?t|haven'?t|have not|hasn'?t|zero|nothing|none|without|"
              r"nor|neither)\b")
# Where a negation's scope ends: a word after one of these is not negated by a cue before it
# ("not suicidal, just need to hurt myself tonight", "I don't want to, but I will cut tonight").
NEGATION_SCOPE_END = _r(r"\b(?:but|however|though|although|except|yet)\b|"
                        r",\s*(?:just|only|so|and|i|i'?m|im)\b|[;:]")
NEGATION_EXCEPTIONS = _r(r"\b(?:(?:if|unless) (?:i|we) (?:don'?t|do not|dont)|"
                         r"not (?:going to |gonna )?lie|not gonna lie|not sure|not even|"
                         r"no longer|not anymore|don'?t know|dont know|do not know|not joking|"
                         r"no joke|not kidding|not only|not just|no one|no-one|nobody|"
                         r"no point|no way|nothing left|nothing else|don'?t care|dont care|"
                         r"don'?t see|can'?t|cannot|couldn'?t|not (?:a|the) joke|"
                         r"not (?:being )?dramatic|never felt|never been|never wanted anything|"
                         r"no reason|not coping|not okay|not ok|not fine|nothing (?:helps|works|"
                         r"matters|changes)|"
                         r"no (?:friends|money|job|hope|energy|motivation|sleep|idea|choice))\b")
QUOTED_SPEECH = _r(r"\b(?:said|say|says|joked|told (?:her|him|them|my \w+))\b")
FIRST_PERSON = _r(r"\b(?:i|i'm|im|i've|ive|i'll|i'd|me|my|myself|mine)\b")
THIRD_PERSON_SUBJECT = _r(
    r"^(?:best )?(?:friend|mate|colleague|coworker|flatmate|roommate|dad|mum|mom|brother|"
    r"sister|husband|wife|partner|boyfriend|girlfriend|son|daughter)s?\b(?! and i\b)|"
    r"\b(?:he|she|they|he's|she's|they're|hes|shes|theyre|someone|somebody|everyone|people|"
    r"(?:my|our|a|his|her|their) (?:best |little |big |older |younger |\d+ year old |\w+'?s |"
    r"\w+ \w+'s )?"
    r"(?:friend|mate|sister|brother|mum|mom|mother|dad|father|son|daughter|partner|husband|"
    r"wife|boyfriend|girlfriend|bf|gf|cousin|colleague|coworker|flatmate|roommate|student|"
    r"client|patient|niece|nephew|aunt|uncle|gran|nan|grandad|granddad|grandma|kid|child|teen|"
    r"teenager|son|ex|neighbour|neighbor|pupil|lad|girl|boy|friends|mates|sibling)s?|"
    r"(?:\w+ )?(?:students|pupils|kids|children|patients|clients|teens|teenagers|friends|"
    r"people|parents|colleagues))\b")
SPEECH = _r(r"\b(?:said|says|saying|told me|tells me|texted|wrote|posted|messaged|keeps saying|"
            r"kept saying|screamed|shouted|posting|posts)\b")
_NUM = (r"(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
        r"several|many|few|couple of|couple)")
_UNIT = r"(?:years?|months?|decades?|summers?|winters?|christmases)"
_AGE = (r"(?:\d+|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|twenty\w*|"
        r"thirty\w*)")
# "at 15" is an age; "in the garden at 7" is a time
_AGE_AT = _AGE.replace(r"\d+", r"\d\d")
PAST = _r(rf"\b{_NUM}(?: and a half)? {_UNIT}(?: and a half)? (?:ago|since|clean|free|sober)\b|"
          r"\b(?:years|months|decades|ages|a long time|long|years and years) (?:ago|back)\b|"
          rf"\bwhen i (?:was|were) (?:younger|little|small|a (?:kid|child|teen|teenager|student)|"
          rf"in (?:school|college|uni|university|my (?:teens|twenties|thirties))|{_AGE}|at "
          r"(?:school|uni|college|university))\b|\bwhen i started\b|\bonce upon a time\b|"
          rf"\bat (?:age )?{_AGE_AT}\b(?! ?(?:pm|am|o'?clock|:|tonight|today|tomorrow))|"
          rf"\bfrom (?:age )?{_AGE} (?:to|until|till|til) (?:about |around )?{_AGE}\b|"
          r"\bused to\b|\bback (?:then|when|in (?:the day|\d{4}|school|uni))\b|\bin (?:19|"
          r"20)\d\d\b|"
          r"\bin the past\b|\bas (?:a )?(?:teens?|teenagers?|kids?|child|student)\b|"
          r"\bin my (?:early |late |mid )?(?:teens|twenties|thirties|20s|30s)\b|\b(?:haven'?t|"
          r"have not|hasn'?t|not) (?:\w+ ){0,3}(?:in|for|since) (?:years|months|"
          r"a long time|ages|over a year|\d+ (?:years|months))\b|"
          r"\b(?:years|months) (?:of recovery|in recovery|behind me)\b|"
          r"\bi'?m (?:in a (?:good|better) place|doing (?:well|better|ok|okay)|recovered)\b|"
          r"\blast (?:year|winter|summer|spring|autumn)\b|"
          r"\bwhen (?:my|our) (?:\w+ )?(?:son|daughter|baby|child|kid|twins|boy|girl|eldest|"
          r"youngest|first|second) (?:was|were) born\b|"
          # ... "years ago" in the classifier's other languages (not "hace años que", which is
          # "for years" and still going)
          r"\bjahre(?:n)? her\b|\bvor (?:\w+ ){0,2}jahren\b|\bil y a (?:\w+ ){0,2}ans\b|"
          r"\bhace (?:\w+ ){0,2}años\b(?! que)|\b(?:há|ha) (?:\w+ ){0,2}anos\b(?! que)|"
          r"\banos atrás\b|\banni fa\b|\b(?:jaar|jaren) geleden\b|\b(?:lat|lata|roku) temu\b|"
          r"\b(?:yıl|sene) önce\b|\btahun (?:yang )?lalu\b|\får sedan\b|\bani în urmă\b|"
          r"\bsaal pehle\b|\bprzez (?:rok|pół roku|\w+ (?:lat|lata|miesięcy|miesiące)) po\b|"
          # ... and a year gone by: "en 2019", "nel 2018", "w 2017", "2016'da"
          r"\b(?:en|nel|em|im|im jahr|w|pada|tahun|år|în) (?:19[5-9]\d|20[01]\d|202[0-5])\b|"
          r"\b(?:19[5-9]\d|20[01]\d|202[0-5])'(?:de|da|te|ta)\b|"
          # ... and "formerly" in them, but not "like in the old days" (an urge like back then)
          r"(?<!wie )\bfrüher\b(?! oder)|(?<!comme )\bautrefois\b|(?<!zoals )\bvroeger\b|"
          r"\beskiden\b|\bdulu (?:aku|saya|gue|gw|waktu)\b|\bförr i tiden\b|"
          r"(?<!ca )\bpe vremuri\b|(?<!como )\bantigamente\b")
CURRENT = _r(r"\b(?:again|still|right now|tonight|(?<!earlier )this (?:week|morning|evening)|"
             r"relaps\w*|"
             r"(?:is|are|it'?s|they'?re|came|coming|creeping) back|back again|"
             # ... "again" and "tonight" in the classifier's other languages (not their "now":
             # "das ist jetzt acht Jahre her" is a past)
             r"otra vez|de nuevo|esta noche|à nouveau|de nouveau|ce soir|wieder|heute nacht|"
             r"de novo|esta noite|di nuovo|stasera|opnieuw|vannacht|znowu|dziś w nocy|yine|"
             r"tekrar|bu gece|malam ini|lagi|igen|ikväll|inatt|din nou|în seara asta|phir se|"
             r"aaj raat)\b")
RESOLVED = _r(r"\b(?:(?<!no )recover\w*|in recovery|"
              # ... not a lift that stopped, or breathing that stopped
              r"(?<!lift's )(?<!lifts )(?<!lift )(?<!lift has )(?<!train's )(?<!elevator's )stopped"
              r"(?! (?:breathing|responding|moving|feeling|sessions|therapy|seeing|going|taking|"
              r"my meds|eating)\b)|"
              r"got help|been (?:\w+ )?(?:fine|well|ok|okay|good)|"
              r"(?:i'?m|i am) (?:fine|okay|ok|well|doing (?:well|better|ok|okay|so much better))|"
              r"(?:harm|sh|cutting)[- ]free|free from|clean from|sober|behind me|lived experience|"
              r"history|my past|past with|survivor|years ago|long time ago|anniversary|"
              r"in a (?:good|better) place|got through it|"
              # ... "being suicidal is something I remember, not something I feel"
              r"(?:something|a thing|a feeling) i (?:only )?remember(?! (?:every|each|all|always|"
              r"constantly|too))|(?:something|a thing) i remember from)\b")
PAST_TENSE_ONLY = _r(r"^(?!.*\b(?:am|i'?m|im|is|are|want|wanna|keep|keeps|going to|gonna|will|"
                     r"'ll|now|tonight|today|again|still|can'?t stop)\b).*\b(?:was|were|had|did|"
                     r"tried|attempted|started|stopped|wrote|burned|burnt|self[- ]?harmed|harmed|"
                     r"thought|went|spent|admitted|hospitali[sz]ed|used to|\w{3,}ed)\b")
RECENT = _r(r"\b(?:\d+|a|one|two|three|four|five|six|few|couple of|couple) (?:days?|weeks?) "
            r"(?:ago|since|clean|free)\b|\blast (?:night|week|monday|tuesday|wednesday|thursday|"
            r"friday|saturday|sunday|weekend)\b|\bearlier (?:this|in the) week\b|"
            r"\bon (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
            r"\b(?:at|over) the weekend\b|\byesterday\b|"
            r"\blast month\b|\bgeçen ay\b|\bletzten monat\b|\ble mois dernier\b|"
            r"\bel mes pasado\b|\bmês passado\b|\bil mese scorso\b|\bvorige maand\b|"
            r"\bw zeszłym miesiącu\b|\bförra månaden\b|\bluna trecută\b|\bbulan lalu\b|"
            r"\bpichle mahine\b|"
            r"\bletzte woche\b|\bletzten (?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
            r"sonntag)\b|\bvorgestern\b|\bgestern\b|\bla semaine (?:dernière|derniere|passée)\b|"
            r"\bla semana pasada\b|\bayer\b|\b(?:na )?semana passada\b|\bontem\b|"
            r"\bla settimana scorsa\b|\bieri\b|\b(?:vorige|afgelopen) week\b|\bgisteren\b|"
            r"\bw (?:zeszłym|zeszlym|ubiegłym|ubieglym) tygodniu\b|\bwczoraj\b|\bgeçen hafta\b|"
            r"\bdün\b|\bminggu (?:lalu|kemarin)\b|\bkemarin\b|\bförra veckan\b|\bigår\b|"
            r"\bsăptămâna trecută\b|\bsaptamana trecuta\b|\bpichle hafte\b")
RESISTING = _r(r"\b(?:i(?:'m| am|m)? not (?:going to|gonna)|i won'?t|i wont|"
               r"i haven'?t(?=\s*(?:[.!]|$))|(?:is|'s) referring me\b|"
               r"(?:^|[.!] )not (?:going to|gonna)(?=\s*(?:[.!]|$))|"
               r"(?:is|'s|are|'re) (?:right )?(?:next to|beside) me|staying (?:in |over |up )?with me|"
               r"on the phone (?:with|to) (?:my|a|the|her|his)|staying on (?:the (?:line|phone) )?"
               r"(?:with me|till|until)|gave (?:my|the|all my) (?:lighter|blades?|razors?|pills|meds|"
               r"tablets|knives|knife|scissors) to|"
               r"i will not|i didn'?t|i did not|i'?d never|i would never|never would|resist\w*|"
               r"(?<!done )(?<!stopped )(?<!finished )fighting (?:it|them|the urge)|ride it out|"
               r"riding it out|not (?:going to |gonna )?act(?:ing)? on|"
               r"booked (?:an? )?(?:emergency |urgent )?(?:slot|appointment|session) with|"
               r"holding on|sitting (?:on|with) (?:it|my hands)|instead|distract\w*|"
               r"i don'?t want to|not doing it|didn'?t do it|so (?:that )?i don'?t|"
               r"ride (?:this|it) out|"
               # a coping skill in use, and help booked
               r"holding (?:an )?ice(?: cube)?|(?:like|what) my (?:therapist|counsell?or|psychologist) "
               r"(?:showed|taught|told) me|appointment (?:is )?(?:first thing )?tomorrow|"
               # ... in the classifier's other languages
               r"je (?:tiens le coup|résiste)|(?:elle|il) arrive|aguant(?:o|ando)|"
               r"resisto|(?:viene|vienen) (?:para acá|de camino)|está a caminho|"
               r"halte durch|widerstehe|houd (?:het )?vol|opieram się|wytrzymam|dayanıyorum|"
               r"bertahan|står emot|rezist|ruk (?:rahi|raha) (?:hoon|hu)|(?:tô|estou) segurando|"
               r"(?:tá|está) vindo|liguei pr[oa]|nie zrobię|nie zrobie|(?:już )?jedzie do mnie|"
               r"zadzwoniłam|zadzwoniłem|się trzymam|(?:jest|są) (?:ze mną|przy mnie)|"
               r"nu am făcut-o|nu am facut-o|(?:e|este|stă|sta) (?:lângă|langa|cu) mine|"
               r"(?:ist|sitzt) (?:bei|neben) mir|(?:est|reste) avec moi|(?:está|esta) conmigo|"
               # help on the way or at hand
               r"(?:is|'s|are|'re) (?:sat|sitting|sleeping|staying) (?:with me|in my room|next to "
               r"me)|went and sat with|i'?m (?:sat|sitting|staying) (?:\w+ ){0,4}with (?:my|a|the) "
               r"(?:flatmate|roommate|housemate|friend|mate|partner|husband|wife|boyfriend|girlfriend|"
               r"mum|mom|dad|sister|brother|neighbou?r|nurse|support worker)\b|"
               r"(?:about to|going to|gonna) (?:ring|call|phone|text) (?:the )?(?:crisis (?:text )?line|"
               r"samaritans|helpline|hotline|crisis team)|"
               r"oddał(?:am|em) (?:\w+ )?(?:żyletki|zyletki|tabletki|nóż|noz)|"
               r"i-am dat (?:\w+ )?(?:lamele|pastilele|cuțitul|cutitul)|"
               r"(?:is|'s|are|'re) (?:on (?:her|his|their|the) way|coming over|coming round|"
               r"picking me up|sitting with me|holding my hand|staying with me)|"
               r"(?:called|rang|texted|messaged|phoned|calling|texting|messaging) (?:the )?"
               r"(?:samaritans|shout|crisis (?:text )?line|warmline|helpline|hotline|"
               r"my (?:therapist|counsellor|counselor|psychiatrist|nurse|sponsor|care team))|"
               r"woke (?:up )?my (?:partner|husband|wife|boyfriend|girlfriend|flatmate|roommate))\b")
INTENT = _r(r"\b(?:going to|gonna|going \w+ to|about to|i'?ll|i will|decided|doing it|act on it|"
            r"giving in|"
            r"give in|can'?t stop|cant stop)\b")

#: Emoji that can carry a risk signal on their own (weapons, pills, blood, death, a noose...).
#: A sentence with no letters or digits and none of these has a benign reading (emoji only).
RISK_EMOJI = re.compile("[\U0001F52A\U0001F5E1\U0001F48A\U0001FA78\U0001F52B\u26B0\U0001FAA6"
                        "\U0001F480\u2620\U0001FAA2\U0001F635\U0001F6A8\U0001F198]")

#: A whole message that is only a greeting, thanks, an acknowledgement or a see-you-later with a
#: time in the future: nothing in it can carry risk, so it has a benign reading. "bye" and
#: "goodbye" alone are left out on purpose (a farewell can be a warning sign).
PHATIC = re.compile(
    r"^(?:(?:hi+|hello|hey+|heya|hiya|yo|morning|evening|good (?:morning|afternoon|evening|night)"
    r"|gm|gn|thanks?(?: (?:a lot|so much|again))?|thank you(?: (?:so much|again))?|thx|ty|cheers"
    r"|ok(?:ay)?|k+|alright|all right|sure|yes|yeah|yep|yup|no|nope|nah|cool|great|nice|awesome"
    r"|perfect|got it|sounds good|will do|lol|haha+|hm+|see (?:you|ya|u) (?:tomorrow|later|soon"
    r"|next (?:week|time)|on (?:mon|tues|wednes|thurs|fri|satur|sun)day)"
    r"|talk (?:to you )?(?:tomorrow|later|soon)|ttyl)(?: (?:again|there|everyone|all|coach))?"
    r"|(?:thanks|thank you|ty)[, ]+(?:that|this|it) (?:helped|helps|was helpful|was useful))$")

