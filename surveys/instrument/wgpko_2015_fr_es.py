"""French and Spanish wording of the S/2015/1042 questionnaire.

Worded as the United Nations' French and Spanish documents name things: « Conseil de
sécurité », « pays fournisseurs de contingents ou de personnel de police », « Secrétariat »,
« membres élus », « rédacteurs », « note du Président du Conseil de sécurité », « Comité
spécial des opérations de maintien de la paix »; «Consejo de Seguridad», «países que aportan
contingentes y fuerzas de policía», «Secretaría», «miembros elegidos», «redactores», «nota de
la Presidencia del Consejo de Seguridad», «sesiones oficiales» and «reuniones oficiosas».
These are working translations of the English items, not the official text of the note.
Every text is a ``(French, Spanish)`` pair, keyed as in :mod:`surveys.instrument.wgpko_2015`.
"""
from __future__ import annotations

LANGUAGES = ("fr", "es")

_TCC_FR = "les pays fournisseurs de contingents ou de personnel de police"
_TCC_ES = "los países que aportan contingentes y fuerzas de policía"
_WG_FR = "le Groupe de travail sur les opérations de maintien de la paix"
_WG_ES = "el Grupo de Trabajo sobre Operaciones de Mantenimiento de la Paz"

TITLE = ("Vers un dialogue stratégique entre le Conseil de sécurité, " + _TCC_FR + " et le Secrétariat "
         "(S/2015/1042)",
         "Hacia un diálogo estratégico entre el Consejo de Seguridad, " + _TCC_ES + " y la Secretaría "
         "(S/2015/1042)")

QUESTIONS = {
    "q1": ("Comment les membres du Conseil de sécurité évaluent-ils la pratique actuelle en matière de "
           "consultations ? Comment les membres du Conseil peuvent-ils dialoguer plus activement avec "
           + _TCC_FR + " ?",
           "¿Cómo evalúan los miembros del Consejo de Seguridad la práctica actual en materia de consultas? "
           "¿Cómo pueden los miembros del Consejo interactuar más activamente con " + _TCC_ES + "?"),
    "q2": ("Quelles difficultés font obstacle à un dialogue triangulaire plus inclusif, plus utile et plus "
           "substantiel ?",
           "¿Qué dificultades impiden un diálogo triangular más inclusivo, significativo y sustantivo?"),
    "q3": ("En quoi le dialogue triangulaire sur les nouveaux mandats devrait-il différer du dialogue sur les "
           "mandats existants ? Quand le dialogue sur un nouveau mandat devrait-il commencer ?",
           "¿En qué debería diferir el diálogo triangular sobre los nuevos mandatos del diálogo sobre los "
           "mandatos existentes? ¿Cuándo debería comenzar el diálogo sobre un nuevo mandato?"),
    "q4": ("Les membres élus (non permanents) du Conseil peuvent-ils jouer un rôle plus important dans la "
           "promotion des échanges triangulaires ?",
           "¿Pueden los miembros elegidos (no permanentes) del Consejo desempeñar un papel más importante en "
           "la promoción del debate triangular?"),
    "q5": ("En quoi la forme d'une réunion influe-t-elle sur la nature du dialogue ? Quels sont les avantages "
           "des séances officielles par rapport aux réunions informelles, et des réunions au niveau des "
           "experts par rapport à celles au niveau des représentants permanents ?",
           "¿De qué manera influye el formato de una reunión en la naturaleza del diálogo? ¿Qué ventajas "
           "tienen las sesiones oficiales frente a las reuniones oficiosas, y las reuniones de expertos "
           "frente a las de representantes permanentes?"),
    "q6": ("Comment pérenniser et institutionnaliser les initiatives informelles ?",
           "¿Cómo se pueden mantener e institucionalizar las iniciativas oficiosas?"),
}

_DONT_KNOW = ("Ne sait pas", "No sabe")

CHOICE_LISTS = {
    # q1_overall rates "la pratique actuelle" / "la práctica actual": feminine adjectives.
    "quality5": {"1": ("Très mauvaise", "Muy mala"), "2": ("Mauvaise", "Mala"), "3": ("Passable", "Regular"),
                 "4": ("Bonne", "Buena"), "5": ("Très bonne", "Muy buena")},
    "agree5": {"1": ("Pas du tout d'accord", "Totalmente en desacuerdo"), "2": ("Pas d'accord", "En desacuerdo"),
               "3": ("Ni d'accord ni pas d'accord", "Ni de acuerdo ni en desacuerdo"),
               "4": ("D'accord", "De acuerdo"), "5": ("Tout à fait d'accord", "Totalmente de acuerdo"),
               "dk": _DONT_KNOW},
    "severity5": {"1": ("Ne constitue pas une difficulté", "No constituye una dificultad"),
                  "2": ("Une difficulté mineure", "Una dificultad menor"),
                  "3": ("Une difficulté modérée", "Una dificultad moderada"),
                  "4": ("Une difficulté sérieuse", "Una dificultad grave"),
                  "5": ("Une difficulté très sérieuse", "Una dificultad muy grave")},
    "effective5": {"1": ("Pas du tout efficace", "Nada eficaz"), "2": ("Peu efficace", "Poco eficaz"),
                   "3": ("Moyennement efficace", "Moderadamente eficaz"), "4": ("Très efficace", "Muy eficaz"),
                   "5": ("Extrêmement efficace", "Sumamente eficaz"), "dk": _DONT_KNOW},
    "start_stage": {
        "1": ("Avant l'évaluation stratégique", "Antes de la evaluación estratégica"),
        "2": ("Pendant l'évaluation du conflit ou l'évaluation stratégique",
              "Durante la evaluación del conflicto o la evaluación estratégica"),
        "3": ("Après le rapport du Secrétaire général, avant les délibérations du Conseil",
              "Después del informe del Secretario General, antes de las deliberaciones del Consejo"),
        "4": ("Pendant la négociation de la résolution", "Durante la negociación de la resolución"),
        "5": ("Après l'autorisation de la mission", "Después de que se autorice la misión")},
    "channels": {
        "formal_meetings": ("Séances officielles avec " + _TCC_FR, "Sesiones oficiales con " + _TCC_ES),
        "informal_dialogues": ("Dialogues interactifs informels consacrés à des missions précises",
                               "Diálogos interactivos oficiosos sobre misiones concretas"),
        "wg_discussions": ("Débats du Groupe de travail sur les opérations de maintien de la paix",
                           "Debates del Grupo de Trabajo sobre Operaciones de Mantenimiento de la Paz"),
        "field_visits": ("Missions du Conseil sur le terrain", "Misiones del Consejo sobre el terreno"),
        "secretariat_briefings": ("Exposés et consultations du Secrétariat",
                                  "Exposiciones informativas y consultas de la Secretaría"),
        "penholder_bilaterals": ("Contacts bilatéraux avec les rédacteurs", "Contactos bilaterales con los redactores")},
    "challenges": {
        "late_timing": ("Les consultations ont lieu trop tard pour influer sur les décisions",
                        "Las consultas se celebran demasiado tarde para influir en las decisiones"),
        "formality": ("Les séances sont protocolaires et leur déroulement est convenu d'avance",
                      "Las sesiones son protocolarias y se ciñen a un guion"),
        "information_gaps": ("Les informations sont insuffisantes ou communiquées tardivement",
                             "La información es insuficiente o llega tarde"),
        "council_participation": ("Les membres du Conseil y participent peu", "Los miembros del Consejo participan poco"),
        "no_follow_up": ("Les vues exprimées restent sans suite", "No se da seguimiento a las opiniones expresadas"),
        "restricted_invitations": ("Les invitations ne sont adressées qu'à certains pays contributeurs",
                                   "Las invitaciones se limitan a algunos países contribuyentes"),
        "mission_capacity": ("Les missions permanentes ont des capacités limitées",
                             "Las misiones permanentes tienen una capacidad limitada"),
        "language": ("Obstacles linguistiques", "Barreras lingüísticas")},
    "e10_roles": {
        "host_dialogues": ("Accueillir des dialogues informels consacrés à des missions précises",
                           "Acoger diálogos oficiosos sobre misiones concretas"),
        "co_penholding": ("Être corédacteurs des textes relatifs aux mandats",
                          "Actuar como corredactores de los textos relativos a los mandatos"),
        "chair_working_group": ("Présider " + _WG_FR, "Presidir " + _WG_ES),
        "share_drafts": ("Communiquer rapidement les projets de résolution aux pays fournisseurs de contingents "
                         "ou de personnel de police",
                         "Compartir con antelación los proyectos de resolución con " + _TCC_ES),
        "regional_outreach": ("Mener des activités de sensibilisation auprès des groupes régionaux",
                              "Establecer contactos con los grupos regionales")},
    "formats": {"formal": ("Séances officielles", "Sesiones oficiales"),
                "informal": ("Réunions informelles", "Reuniones oficiosas"),
                "combination": ("Une combinaison des deux", "Una combinación de ambas")},
    "mechanisms": {
        "presidential_note": ("Une note du Président du Conseil de sécurité",
                              "Una nota de la Presidencia del Consejo de Seguridad"),
        "standing_calendar": ("Un calendrier permanent de consultations aligné sur le cycle des mandats",
                              "Un calendario permanente de consultas vinculado a los ciclos de los mandatos"),
        "wg_follow_up": ("Un suivi assuré par " + _WG_FR, "El seguimiento por " + _WG_ES),
        "c34_reports": ("Les recommandations figurant dans les rapports du Comité spécial des opérations de "
                        "maintien de la paix (C-34)",
                        "Las recomendaciones de los informes del Comité Especial de Operaciones de "
                        "Mantenimiento de la Paz (C-34)"),
        "annual_review": ("Un examen annuel de la coopération triangulaire",
                          "Un examen anual de la cooperación triangular")},
}

_ALL = ("Plusieurs réponses possibles.", "Puede seleccionar varias opciones.")
_COMMENT = ("Observations (facultatif)", "Observaciones (opcional)")

ITEMS = {
    "q1_overall": ("Dans l'ensemble, comment jugez-vous la pratique actuelle des consultations entre le Conseil, "
                   + _TCC_FR + " et le Secrétariat ?",
                   "En general, ¿cómo valora la práctica actual de consultas entre el Consejo, " + _TCC_ES
                   + " y la Secretaría?"),
    "q1_timely": ("Les consultations ont lieu suffisamment tôt pour influer sur les décisions du Conseil.",
                  "Las consultas se celebran con antelación suficiente para influir en las decisiones del Consejo."),
    "q1_views_reflected": ("Le Conseil tient compte des vues des pays fournisseurs de contingents ou de personnel "
                           "de police.",
                           "El Consejo tiene en cuenta las opiniones de " + _TCC_ES + "."),
    "q1_channels": ("Par quels moyens les membres du Conseil devraient-ils dialoguer plus activement avec "
                    + _TCC_FR + " ?",
                    "¿A través de qué cauces deberían los miembros del Consejo interactuar más activamente con "
                    + _TCC_ES + "?"),
    "q1_comment": _COMMENT,
    "q2_challenges": ("Parmi les difficultés suivantes, lesquelles font obstacle à un dialogue triangulaire plus "
                      "inclusif, plus utile et plus substantiel ?",
                      "¿Cuáles de las siguientes dificultades impiden un diálogo triangular más inclusivo, "
                      "significativo y sustantivo?"),
    "q2_severity": ("Dans l'ensemble, quelle est la gravité de ces difficultés ?",
                    "En conjunto, ¿qué gravedad revisten estas dificultades?"),
    "q2_comment": _COMMENT,
    "q3_start": ("Quand le dialogue triangulaire sur un nouveau mandat devrait-il commencer ?",
                 "¿Cuándo debería comenzar el diálogo triangular sobre un nuevo mandato?"),
    "q3_differ": ("Le dialogue sur les nouveaux mandats devrait prendre une forme différente de celle du dialogue "
                  "sur le renouvellement des mandats.",
                  "El diálogo sobre los nuevos mandatos debería tener un formato distinto del diálogo sobre las "
                  "renovaciones de mandatos."),
    "q3_conditional_pledges": ("Des annonces conditionnelles de contributions en capacités devraient être "
                               "sollicitées avant l'autorisation d'une mission.",
                               "Deberían recabarse promesas condicionales de capacidad antes de que se autorice "
                               "una misión."),
    "q3_comment": _COMMENT,
    "q4_e10_role": ("Les membres élus du Conseil peuvent jouer un rôle plus important dans la promotion du "
                    "dialogue triangulaire.",
                    "Los miembros elegidos del Consejo pueden desempeñar un papel más importante en la promoción "
                    "del diálogo triangular."),
    "q4_roles": ("Quels rôles les membres élus devraient-ils assumer ?",
                 "¿Qué funciones deberían asumir los miembros elegidos?"),
    "q4_comment": _COMMENT,
    "q5_formal_meetings": ("Dans quelle mesure les séances officielles avec " + _TCC_FR + " sont-elles efficaces ?",
                           "¿Qué grado de eficacia tienen las sesiones oficiales con " + _TCC_ES + "?"),
    "q5_informal_dialogues": ("Dans quelle mesure les dialogues interactifs informels sont-ils efficaces ?",
                              "¿Qué grado de eficacia tienen los diálogos interactivos oficiosos?"),
    "q5_expert_level": ("Dans quelle mesure les réunions au niveau des experts sont-elles efficaces ?",
                        "¿Qué grado de eficacia tienen las reuniones de expertos?"),
    "q5_pr_level": ("Dans quelle mesure les réunions au niveau des représentants permanents sont-elles efficaces ?",
                    "¿Qué grado de eficacia tienen las reuniones a nivel de representantes permanentes?"),
    "q5_secretariat_briefings": ("Dans quelle mesure les exposés du Secrétariat sont-ils efficaces ?",
                                 "¿Qué grado de eficacia tienen las exposiciones informativas de la Secretaría?"),
    "q5_preferred_format": ("Quelle forme se prête le mieux au dialogue triangulaire ?",
                            "¿Qué formato es el más adecuado para el diálogo triangular?"),
    "q5_comment": _COMMENT,
    "q6_institutionalize": ("Les initiatives informelles, comme les dialogues interactifs, devraient être "
                            "institutionnalisées.",
                            "Las iniciativas oficiosas, como los diálogos interactivos, deberían "
                            "institucionalizarse."),
    "q6_mechanisms": ("Quels mécanismes contribueraient à pérenniser les initiatives informelles ?",
                      "¿Qué mecanismos ayudarían a mantener las iniciativas oficiosas?"),
    "q6_first_step": ("Lequel de ces mécanismes devrait être mis en place en premier ?",
                      "¿Cuál de estos mecanismos debería aplicarse en primer lugar?"),
    "q6_comment": _COMMENT,
}

#: Hints, for the items that have one (the multiple-choice items).
HINTS = {name: _ALL for name in ("q1_channels", "q2_challenges", "q4_roles", "q6_mechanisms")}
