// SPDX-License-Identifier: GPL-2.0
/*
 * kconfig_dump: prints the symbol table of a kernel tree as JSON lines, read
 * through the tree's own Kconfig parser. kshrink compiles this file at run
 * time against the scripts/kconfig objects of the user's tree (it includes the
 * tree's lkc.h, hence GPL-2.0) and links it with them instead of conf.o.
 *
 * Usage (cwd: a kbuild output directory, env as kbuild gives conf):
 *   kconfig_dump Kconfig CONFIG_FILE
 * Output: one JSON object per named symbol on stdout.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkc.h"

#ifdef KSHRINK_MENU_HAS_FILENAME
#define MENU_FILE(m) ((m)->filename)
#else
#define MENU_FILE(m) ((m)->file ? (m)->file->name : "")
#endif

/* ---- JSON output ---- */

static void json_string(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void json_key(const char *key)
{
	printf(",\"%s\":", key);
}

/* ---- expressions: text plus the named symbols they reference ---- */

struct expr_text {
	struct gstr text;
	struct gstr names; /* JSON array body: "A","B" */
	int count;
};

/* A symbol, not a constant: Kconfig keeps the number in `AS_VERSION>=23502` as a symbol of
 * unknown type too (and an unknown symbol can never be set anyway). */
static int is_named(struct symbol *sym)
{
  if (!sym || !sym->name || (sym->flags & SYMBOL_CONST)) return 0;
  return !(sym->type == S_UNKNOWN &&
           strspn(sym->name, "-0123456789abcdefABCDEFx") == strlen(sym->name));
}

static void collect(void *data, struct symbol *sym, const char *str)
{
	struct expr_text *et = data;

	str_append(&et->text, str);
	if (!is_named(sym))
		return;
	/* the same name may appear twice: keep the first only */
	if (strstr(str_get(&et->names), sym->name)) {
		char quoted[512];
		snprintf(quoted, sizeof(quoted), "\"%s\"", sym->name);
		if (strstr(str_get(&et->names), quoted))
			return;
	}
	str_printf(&et->names, "%s\"%s\"", et->count ? "," : "", sym->name);
	et->count++;
}

/* `first && second`, either of which may be absent. */
static void print_expr_and(const char* key, struct expr* first, struct expr* second) {
  struct expr_text et = {str_new(), str_new(), 0};

  if (first && second) {
    expr_print(first, collect, &et, E_AND);
    str_append(&et.text, " && ");
    expr_print(second, collect, &et, E_AND);
  } else if (first || second) {
    expr_print(first ? first : second, collect, &et, E_NONE);
  }
  json_key(key);
  json_string(str_get(&et.text));
  printf(",\"%s_symbols\":[%s]", key, str_get(&et.names));
  str_free(&et.text);
  str_free(&et.names);
}

static void print_targets(const char *key, struct symbol *sym, enum prop_type type)
{
	struct property *prop;
	int n = 0;

	json_key(key);
	putchar('[');
	for_all_properties(sym, prop, type) {
		struct symbol *target = prop_get_symbol(prop);
		if (!is_named(target))
			continue;
		printf("%s", n++ ? "," : "");
		json_string(target->name);
	}
	putchar(']');
}

/* ---- which menu node describes a symbol best (first prompted one) ---- */

#define TABLE_SIZE (1u << 16)
static struct symbol *table_sym[TABLE_SIZE];
static struct menu *table_menu[TABLE_SIZE];
static struct symbol *order[TABLE_SIZE];
static unsigned int order_count;

static unsigned int slot_of(struct symbol *sym)
{
	unsigned int h = (unsigned int)(((uintptr_t)sym >> 4) * 2654435761u) & (TABLE_SIZE - 1);

	while (table_sym[h] && table_sym[h] != sym)
		h = (h + 1) & (TABLE_SIZE - 1);
	return h;
}

static void remember(struct menu *menu)
{
	struct symbol *sym = menu->sym;
	unsigned int h;

	if (!is_named(sym))
		return;
	h = slot_of(sym);
	if (!table_sym[h]) {
		if (order_count + 1 >= TABLE_SIZE / 2) {
			fprintf(stderr, "kconfig_dump: too many symbols\n");
			exit(2);
		}
		table_sym[h] = sym;
		table_menu[h] = menu;
		order[order_count++] = sym;
	} else if (!table_menu[h]->prompt && menu->prompt) {
		table_menu[h] = menu;
	}
}

static void walk(struct menu *menu)
{
	for (; menu; menu = menu->next) {
		if (menu->sym)
			remember(menu);
		if (menu->list)
			walk(menu->list);
	}
}

static void print_menu_path(struct menu *menu)
{
	struct menu *chain[64];
	int depth = 0, i;

	for (menu = menu->parent; menu && menu != &rootmenu && depth < 64; menu = menu->parent)
		if (menu->prompt && menu->prompt->text)
			chain[depth++] = menu;
	json_key("menu");
	putchar('[');
	for (i = depth - 1; i >= 0; i--) {
		if (i != depth - 1)
			putchar(',');
		json_string(chain[i]->prompt->text);
	}
	putchar(']');
}

static void print_choice(struct menu *menu)
{
	struct menu *parent = menu->parent;

	json_key("choice");
	if (parent && parent->sym && sym_is_choice(parent->sym)) {
		char id[1024];
		json_string(parent->prompt ? parent->prompt->text : "");
		snprintf(id, sizeof(id), "%s:%d", MENU_FILE(parent), parent->lineno);
		json_key("choice_id");
		json_string(id);
	} else {
		fputs("null,\"choice_id\":null", stdout);
	}
}

static const char *tristate_name(tristate t)
{
	return t == yes ? "y" : t == mod ? "m" : "n";
}

/*
 * A symbol's 'depends on', with its enclosing menus' and ifs', as one or two expressions to
 * AND: a choice member's also holds its choice's. 6.1's dir_dep of a member lacks the choice's
 * own 'depends on' (it depends on the choice symbol instead), so the choice's dependency comes
 * first; 6.12's menu_finalize() sets no dir_dep inside a choice at all, and there the member's
 * menu node has both, since finalizing ANDs each node's dependency with its parent's.
 */
static struct expr* direct_dependency(struct symbol* sym, struct menu* menu, struct expr** choice) {
  struct menu* parent = menu->parent;

  *choice = NULL;
  if (!parent || !parent->sym || !sym_is_choice(parent->sym)) return sym->dir_dep.expr;
  if (!sym->dir_dep.expr) return menu->dep;
  *choice = parent->dep;
  return sym->dir_dep.expr;
}

static void print_symbol(struct symbol *sym, struct menu *menu)
{
	struct property *prompt = NULL, *prop;
        struct expr *choice_dep, *dep;

        for_all_prompts(sym, prop) {
		prompt = prop;
		break;
	}
	fputs("{\"name\":", stdout);
	json_string(sym->name);
	json_key("type");
	json_string(sym_type_name(sym->type));
	json_key("value");
	json_string(sym_get_string_value(sym));
	printf(",\"prompt\":%s", prompt ? "true" : "false");
	json_key("prompt_text");
	json_string(prompt ? prompt->text : "");
	json_key("visible");
	json_string(tristate_name(sym->visible));
	printf(",\"user_set\":%s", sym_has_value(sym) ? "true" : "false");
	json_key("file");
	json_string(MENU_FILE(menu));
	printf(",\"line\":%d", menu->lineno);
	print_menu_path(menu);
	print_choice(menu);
        dep = direct_dependency(sym, menu, &choice_dep);
        print_expr_and("depends", choice_dep, dep);
        print_expr_and("visibility", NULL, prompt ? prompt->visible.expr : NULL);
        print_targets("selects", sym, P_SELECT);
	print_targets("implies", sym, P_IMPLY);
	fputs("}\n", stdout);
}

int main(int argc, char **argv)
{
	unsigned int i;

	if (argc != 3) {
		fprintf(stderr, "usage: %s KCONFIG CONFIG_FILE\n", argv[0]);
		return 2;
	}
	conf_parse(argv[1]);
	if (conf_read(argv[2])) {
		fprintf(stderr, "kconfig_dump: cannot read %s\n", argv[2]);
		return 1;
	}
	walk(&rootmenu);
	for (i = 0; i < order_count; i++) {
		struct symbol *sym = order[i];
		sym_calc_value(sym);
		print_symbol(sym, table_menu[slot_of(sym)]);
	}
	return ferror(stdout) ? 1 : 0;
}
