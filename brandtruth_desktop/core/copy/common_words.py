"""Ordinary words, so that the gate can tell "Start Your Free Trial" (a headline in title case)
from "Loved by Nike" (a named customer). A capitalised word that is in this list, or that the
brand's own facts use in lower case, is an ordinary word; any other capitalised word is treated
as a name and must be in the facts a variant cites. English and Spanish; words are case-folded.
"""

from __future__ import annotations

_ENGLISH = """
a i about above access account accounts across act action actually add added adds after again
against ago ahead all allow almost alone along already also always am amazing an and another
answer answers any anyone anything anytime anywhere app apps are around as ask at available
away back bag based basket be beautiful because become been before begin behind being below
benefit benefits better between beyond big bit book both box brand brands bring build builds
built business businesses but buy by call can care case catch change changes check choice
choose clean clear click close club code collection come comes comfort comfortable community
company compare complete connect content control cost could course create created creative
custom customer customers customize daily data day days deal deals deliver delivered delivery
design designed details did different discover do does doing done down download each early
easier easily easy else email end enjoy enough even event events ever every everyday everyone
everything expert experts explore extra fast feature features feel few find finally first fit
for forget found free fresh friend friends from fun future get gets getting gift give go goal
goals going good got great grow growth guide had half hand happen happy hard has have help
helps her here high his home how idea ideas if in included includes inside instead into is it
its join just keep kind know last later learn less let life like little live local long look
looking love loved made make makes making manage many market marketing matter may me meet
member members might mind minute minutes mobile money month months more most move much must my
need needs never new news next night no not nothing now of off offer offers office on once one
online only open or order orders other our out over own page part people perfect personal pick
place plan plans play please plus power powerful price prices pro problem problems product
products project projects quality question quick quickly quite ready real really reason
receive right run safe same save say says search season see seen sell send service services
set setup share shop shopping should show sign simple simply since site size small smart so
solution solutions some someone something soon space special spend start started starts stay
step steps still stop store story style support sure switch take team teams tell than thank
thanks that the their them then there these they thing things think this those through time
times tips to today together too tool tools top track trial true trust try turn type under
unlock until up update us use used useful user users using value very via view visit want was
watch way ways we web website week weekend weeks welcome well were what whatever when where
whether which while who whole why will with within without word words work works world would
year years yes yet you your yours yourself
achieve adventure affordable afford amazing better-looking boost brighter browse budget
celebrate chance clever confidence confident craft crafted curious dream dreams easy-to-use
effortless elevate empower endless energy essential essentials excited exclusive experience
favorite favourite feeling flexible focus freedom friendly glad grab handpicked happier
hassle healthy hear heard honest hungry imagine inspire inspired inspiration instant journey
kick last-minute latest level lift limited loving meet mess minds modern moment moments
morning naturally nice options ordinary organised organized peace perfectly personalise
personalize personalized personalised plenty pleasure premium proud questions ready-made
reliable relax relief rest rethink reveal rich ride rush satisfied secret secrets seriously
simpler simplify skip smarter smooth sorted spark stand starting stress stressed struggle
stuck surprise surprised tailored taste thrive tired transform treat truly upgrade wait
wonder wondering worry worth wow
don't can't won't isn't aren't didn't doesn't wasn't it's you're we're they're we'll you'll
we've you've i'm i've i'll i'd there's here's that's what's let's who's
"""

_SPANISH = """
a al algo ahora aquí así ayuda ayudamos cada casa como cómo con conoce conseguir contigo
crecer cuando de del descubre desde días donde dónde el ella en entre es esta está este esto
fácil forma gracias gratis hace hacer haz hoy la las le lo los más me mejor mi mis mucho
muy nada negocio negocios no nos nuestra nuestro nuestros o para pero poco por porque primer
primera puedes qué que quieres se sea si sí sin sobre solo su sus también te tiempo tienes
todo todos tu tus un una uno únete ventas ver vez y ya
"""

def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of a text, as a set."""
    return frozenset(text.split())


COMMON_WORDS: frozenset[str] = word_set(_ENGLISH + _SPANISH)
