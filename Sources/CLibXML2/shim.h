// The parts of libxml2 MantisCore uses: the forgiving HTML parser and XPath over its tree.
#ifndef MANTIS_CLIBXML2_SHIM_H
#define MANTIS_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU, so its encoding.h includes the system <unicode/ucnv.h>. Swift 6.3.0/6.3.1
// on Linux also ships its own ICU module (_FoundationICU), and the two UErrorCode definitions clash when
// both are imported (swiftlang/swift-foundation-icu#93). Mantis never touches libxml2's ICU converter fields
// (only pointers to xmlCharEncodingHandler), so hiding them from Swift is safe.
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#endif
