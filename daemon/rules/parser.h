// Recursive-descent parser for rule conditions.
//
// Grammar (EBNF; keywords are case-sensitive, lower case):
//
//   condition  = or_expr ;
//   or_expr    = and_expr { "or" and_expr } ;
//   and_expr   = not_expr { "and" not_expr } ;
//   not_expr   = "not" not_expr | primary ;
//   primary    = "(" condition ")" | "true" | "false" | relation ;
//   relation   = operand [ predicate ] ;                  (no predicate: a bool or a macro)
//   predicate  = cmp_op value
//              | "in" ( "(" [ literal { "," literal } ] ")" | list_name )
//              | str_op value
//              | "exists"
//              | "between" literal "and" literal ;
//   cmp_op     = "=" | "==" | "!=" | "<" | "<=" | ">" | ">=" ;
//   str_op     = "contains" | "icontains" | "startswith" | "endswith" | "glob" | "regex" ;
//   value      = literal | operand ;
//   operand    = call | field ;
//   call       = name "(" [ value { "," value } ] ")" ;
//   field      = name { "." name } [ "[" condition "]" { "." name } ] ;
//   literal    = string | number | "true" | "false" ;
//   string     = '"' { char | escape } '"' ;       escape = \" \\ \/ \n \t \r \uXXXX
//   number     = [ "-" ] digits [ "." digits ] [ ( "e" | "E" ) [ "+" | "-" ] digits ] ;
//   name       = letter_or_underscore { letter | digit | "_" } ;
//
// Precedence, loosest first: or, and, not, then a relation. `not a = 1 and b` is
// `(not (a = 1)) and b`. The `and` after `between X` belongs to the between.
// A field name may not start with a keyword (and, or, not, in, contains, icontains,
// startswith, endswith, glob, regex, exists, between, true, false); later steps may.
//
// Limits (untrusted text): conditions longer than kMaxConditionBytes and nesting deeper than
// kMaxDepth (parentheses, `not`, filters, calls) are errors, so the recursion is bounded.
// The first syntax error stops the parse; it is reported with its position.
// The functions keep no state between calls and may run on several threads at once.
#pragma once

#include <memory>
#include <optional>

#include "rules/ast.h"
#include "rules/diagnostics.h"

namespace bw::rules {

inline constexpr size_t kMaxConditionBytes = 64 * 1024;
inline constexpr int kMaxDepth = 64;

// nullptr after adding an error to `diags`.
std::unique_ptr<Expr> parse_condition(const SourceText& text, Diagnostics& diags);

// Parses text[begin, end) as exactly one operand (a field or call, used by output templates
// and exception fields). nullopt after adding an error.
std::optional<Operand> parse_operand(const SourceText& text, size_t begin, size_t end,
                                     Diagnostics& diags);

bool is_keyword(std::string_view word);

}  // namespace bw::rules
