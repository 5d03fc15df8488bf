/** How a message came to be linked to a contact or company (or a record created from mail). */
export type LinkProvenanceKind =
  | 'exact_address' | 'plus_address' | 'company_domain' | 'contact_company' | 'thread_reply' | 'id_tag' | 'manual' | 'rule' | 'exact_phone';

/** Why one link exists: the match type, the rule or the user behind it, and when it was made. */
export interface LinkProvenance {
  readonly kind: LinkProvenanceKind;
  readonly ruleId?: string;
  readonly byUserId?: string;
  readonly at: string;
}

/** The key of one owner in a message's `linkProvenance` map. */
export const linkKey = (kind: 'contact' | 'company', id: string): string => `${kind}#${id}`;
