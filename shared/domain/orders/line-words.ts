/** Word lists the line reader uses to tell requests, fillers and unknown product nouns apart. */

/** Never part of a product: politeness, pronouns, count units and order-talk. */
export const FILLERS: ReadonlySet<string> = new Set([
  'please', 'pls', 'plz', 'thank', 'thanks', 'thx', 'ta', 'cheer', 'cheers', 'asap', 'kindly', 'x', 'pc', 'pcs', 'piece',
  'unit', 'nos', 'no', 'each', 'ea', 'qty', 'quantity', 'amount', 'total', 'more', 'another', 'additional', 'extra', 'new',
  'same', 'also', 'just', 'only', 'too', 'then', 'your', 'our', 'my', 'their', 'these', 'those', 'them', 'they', 'it',
  'this', 'that', 'one', 'ones', 'of', 'the', 'a', 'an', 'and', 'or', 'for', 'to', 'in', 'on', 'at', 'by', 'from', 'with',
  'per', 'stk', 'stück', 'st', 'usual', 'all', 'both', 'lot', 'order', 'please', 'hi', 'hello', 'hey', 'we', 'i', 'you',
  'us', 'me', 'is', 'are', 'be', 'can', 'could', 'would', 'will', 'get', 'have', 'send', 'need', 'want', 'like', 'supply',
  'deliver', 'delivery', 'add', 'make', 'do', 'some', 'few', 'several', 'any', 'as', 'well', 'now', 'today', 'week',
  'time', 'again', 'instead', 'rather', 'than', 'not', 'but', 'if', 'so', 'up', 'out', 'over', 'about', 'around',
  'approx', 'approximately', 'roughly', 'only', 'between', 'before', 'after', 'until', 'soon', 'next', 'fit', 'match',
  'kind', 'sort', 'type', 'size', 'colour', 'color', 'item', 'items', 'ok', 'okay', 'yes', 'sorry', 'mate', 'guys',
  'team', 'there', 'here', 'what', 'which', 'how', 'many', 'much', 'sheet', 'thing', 'lovely', 'great', 'when',
  'where', 'while', 'who', 'why', 'was', 'were', 'been', 'has', 'had', 'did', 'does', 'done', 'got', 'go', 'going',
  'chance', 'let', 'lets', 'know', 'think', 'thought', 'hope', 'see', 'look', 'into', 'onto', 'off', 'via', 'against',
  'because', 'though', 'although', 'still', 'even', 'yet', 'very', 'really', 'usual', 'normal', 'same', 'too', 'either',
  'neither', 'every', 'other', 'others', 'ones', 'his', 'her', 'him', 'she', 'he', 'its', 'ours', 'yours', 'mine',
  'should', 'shall', 'may', 'might', 'must', 'also', 'am', 'pm', 'etc', 'ie', 'eg', 'asap', 'urgent', 'urgently',
  'thank', 'cheer', 'hiya', 'dear', 'sir', 'madam', 'morning', 'afternoon', 'evening', 'regard', 'best', 'kind',
  'following', 'below', 'above', 'attached', 'list', 'same', 'again', 'instead', 'first', 'last', 'left', 'right',
  'stuff', 'things', 'bits', 'course',
]);

/** Sold-by words between a quantity and a product: "5 bags of beans", "10 pairs of gloves". */
export const CONTAINERS: ReadonlySet<string> = new Set([
  'box', 'bag', 'pack', 'packet', 'roll', 'tube', 'bottle', 'can', 'carton', 'case', 'set', 'sheet', 'ream', 'pair',
  'kilo', 'kg', 'litre', 'liter', 'ltr', 'tin', 'jar', 'sack', 'pallet', 'reel', 'spool', 'bundle', 'sleeve', 'stk', 'stück', 'lot', 'batch',
]);

/** Words that join items: "2 of A and 1 of B", "A plus B". */
export const JOINERS: ReadonlySet<string> = new Set(['and', 'plus', 'also', 'then', 'with', 'und', 'et', 'och', 'og', 'samt']);

/** A quantity of these is not an order quantity ("3 CVs", "30 minutes", "10x more orders"). */
export const NOT_GOODS: ReadonlySet<string> = new Set([
  'minute', 'hour', 'day', 'week', 'month', 'year', 'people', 'person', 'staff', 'cv', 'order', 'item', 'search',
  'message', 'time', 'mile', 'km', 'percent', 'customer', 'site', 'room', 'table', 'seat', 'guest', 'member', 'ticket',
  'engineer', 'connection', 'request', 'page', 'star', 'review', 'kilo', 'left', 'cvs', 'monday', 'tuesday',
  'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'june', 'july',
  'august', 'september', 'october', 'november', 'december', 'delivery', 'deliverie', 'working', 'business', 'weekend',
]);

/** Words that mark a sentence as a request rather than news or small talk. */
export const REQUEST = /\b(?:please|pls|plz|need|needs|needed|send|order|ordering|supply|deliver|want|we'?d like|i'?d like|would like|can (?:we|i|you) (?:get|have|order|send|do)|could (?:we|i|you)|add|any chance|bestellen|liefern|bitte|beställa|bestille|bestilling|beställning|bestellung|merci de|envoyer|commande)\b/i;

/** Sentences that ask about price or stock, or speak of a past order or a problem: never order lines. */
export const INQUIRY = /\bquote (?:me|us|for)\b|\b(?:can|could|would|will) you (?:please )?quote\b|\bquote request\b|\brequest(?:ing)? a quote\b|\bour stock\b|\bstock (?:count|check|level)s?\b|(?<!\b(?:could|can|may|would|will|shall) )\bwe (?:still )?have\b|\bquotation for\b|\ba quote\b|\bprice (?:for|be|of|would)\b|\bwhat (?:would|price|is the price|are your)\b|\bhow much\b|\bin stock\b|\bdo you (?:have|stock|sell|carry|ever|still|do)\b|\bif we (?:took|ordered|bought|order|take|went)\b|\bprice list\b|\bjust comparing\b|\bcost (?:of|for)\b|\bpricing\b|\brfq\b|\bestimate\b|\bquote on\b|\bthanks? (?:you )?for (?:the|your)\b|\bwhere is\b|\bany update\b|\bstatus of\b|\bwe (?:can )?offer\b|\bspecial offer\b|\bon offer\b|\bprice increase\b|\bprices? will\b|\bnew prices\b|\b(?:invoice|receipt|credit note) for\b|\bproof of delivery\b|\bcopy of\b|\b(?:might|may) (?:need|want)\b|\binterested in\b|\bthinking of\b|\bconsidering\b|\blead time\b|\bjust checking\b|\bstill coming\b|\bdelivery date for\b|\bwhen will\b|\b(?:po|reference|ref|order|tracking) number\b|\bconfirm (?:the|my|our) (?:order|delivery)\b|\bhow long\b|\bwondering (?:if|whether)\b|\bcheaper\b|\bis there (?:a|any) discount\b|\bdiscount (?:on|for)\b|\bif you (?:can|could) (?:do|match|beat)\b|\bprice check\b|\bnot ordering\b|\bbudget(?:ing)? for\b|\b(?:i|we)(?:'ll| will) (?:order|place (?:an|the|our) order|send (?:an|the|our) order)\b|\bwill (?:send|place) (?:an|the|our) order\b/i;
export const PROBLEM = /\b(?:ordered|bought|purchased|received|returned|broken|damaged|faulty|defective|missing|refunds?|arrived|dispatched|shipped|charged|credit|credited|cancel|cancelled|canceled|squashed|counted|invoiced|delivered|sold|left|paid|wrong|tight|loose|leaking|leaks|broke|crushed|torn|remove|removed|no longer|don'?t need|do not need|won'?t need|down to|came|return|returning|send back|exchange|(?:don'?t|doesn'?t|won'?t|do not|does not|will not|not) (?:work(?:ing)?|charg(?:e|ing)|fit|seal|close|stick|switch on|turn on)|(?:went|gone|goes) up|(?<!\b(?:as|like) )(?:on|from|in) (?:my|our|your|the) (?:last|recent|previous) (?:invoice|order|delivery)|your (?:recent|last|previous) order)\b|\b\d+ of the \d+\b(?!\s*(?:mm|cm|m|metres?|meters?|oz|kg|g|l|ltr|litres?|ml|inch(?:es)?|gsm|ft|foot|feet|way|gang)\b)(?![.,x"]?\d)/i;

/** Words after which a number is not the quantity: "10 rather than 6", "instead of 5". */
export const NOT_BEFORE_QUANTITY: ReadonlySet<string> = new Set(['than', 'not', 'instead']);

/** "A request that also asks a price ("I need 1 toolbox, how much will it be?") is still a request. */
export const STRONG_REQUEST = /\b(?:i|we) (?:need|want|would like)\b|\b(?:i|we)'d like\b|\bplease (?:send|supply|deliver|order)\b|\bcan (?:i|we) (?:get|have|order)\b/i;

/** Words that may follow a quantity written after the product ("M8 nuts 200 please"). */
export const AFTER_QUANTITY: ReadonlySet<string> = new Set([
  'pcs', 'pc', 'piece', 'unit', 'nos', 'each', 'ea', 'please', 'pls', 'plz', 'x', 'for', 'and', 'to', 'thank', 'thanks', 'thx',
  'asap', 'per', 'total', 'in', 'by', 'too', 'also', 'only', 'off', 'qty', 'item', 'then', 'of', 'more', 'stk', 'st',
  'cheers', 'ta', 'if', 'as', 'at', 'on', 'with', 'all', 'altogether', 'in', 'this', 'next', 'by', 'or', 'rather', 'instead', 'not',
]);

/** Words that say a quantity adds to an earlier one ("2 more", "another 3"). */
export const ADDITIVE: ReadonlySet<string> = new Set(['more', 'another', 'additional', 'extra', 'plus', 'also']);

/** "each"/"ea"/"apiece": one quantity for every item named before it. */
export const EACH: ReadonlySet<string> = new Set(['each', 'ea', 'apiece']);

/** Words never corrected towards a catalog word ("please" is not a typo of "pleat"). */
export const NEVER_CORRECTED: ReadonlySet<string> = new Set([
  'please', 'thanks', 'order', 'orders', 'would', 'could', 'should', 'there', 'their', 'these',
  'those', 'which', 'where', 'about', 'below', 'above', 'after', 'before', 'today', 'units',
  'pieces', 'delivery', 'deliver', 'thank', 'hello', 'regards', 'invoice', 'price', 'prices', 'quote',
  'sheets', 'sheet', 'plate', 'items', 'using', 'those', 'other', 'these',
]);
