// Tags written with TagLib (tags.h). C++ because TagLib 1.13's C bindings (libtagc0, Debian 12)
// set only title, artist, album, comment, genre, year and track: not a full date, nor the
// language, which the property interface used here maps to each format's own field (ID3v2's
// TDRC and TLAN, the Vorbis comments DATE and LANGUAGE, RIFF INFO's ICRD and ILNG). Nothing
// here throws into C: every TagLib call is inside a try block.
#include "tags.h"

#include <taglib/flacfile.h>
#include <taglib/infotag.h>
#include <taglib/mpegfile.h>
#include <taglib/opusfile.h>
#include <taglib/tpropertymap.h>
#include <taglib/vorbisfile.h>
#include <taglib/wavfile.h>
#include <unicode/uloc.h>

#include <cstdio>
#include <cstring>

extern "C" {
#include "sink.h"
}

namespace {

using TagLib::String;

bool given(const char *s)
{
    return s && *s;
}

String utf8(const char *s)
{
    return String(s, String::UTF8);
}

// ID3v2 wants ISO 639-2's three letters ("fas"); Vorbis comments and RIFF INFO take the code
// as given ("fa").
String three_letter_language(const char *code)
{
    const char *iso3 = uloc_getISO3Language(code);
    return utf8(iso3 && *iso3 ? iso3 : code);
}

TagLib::PropertyMap properties(const audio_tags *t, bool id3)
{
    TagLib::PropertyMap map;
    if (given(t->title))
        map["TITLE"] = utf8(t->title);
    if (given(t->artist))
        map["ARTIST"] = utf8(t->artist);
    if (given(t->album))
        map["ALBUM"] = utf8(t->album);
    if (given(t->date))
        map["DATE"] = utf8(t->date);
    if (given(t->language))
        map["LANGUAGE"] = id3 ? three_letter_language(t->language) : utf8(t->language);
    if (given(t->comment))
        map["COMMENT"] = utf8(t->comment);
    return map;
}

// RIFF INFO strings are Latin-1 to TagLib unless told otherwise; players (and ffprobe) read
// them as UTF-8, as Ravi writes them.
class Utf8Info : public TagLib::RIFF::Info::StringHandler {
public:
    String parse(const TagLib::ByteVector &data) const override
    {
        return String(data, String::UTF8);
    }
    TagLib::ByteVector render(const String &s) const override
    {
        return s.data(String::UTF8);
    }
};

bool write_info(TagLib::RIFF::WAV::File &f, const audio_tags *t)
{
    static const Utf8Info handler;
    TagLib::RIFF::Info::Tag::setStringHandler(&handler);
    TagLib::RIFF::Info::Tag *info = f.InfoTag();
    const struct {
        const char *id;
        const char *value;
    } fields[] = {
        {"INAM", t->title}, {"IART", t->artist}, {"IPRD", t->album},
        {"ICRD", t->date},  {"ILNG", t->language}, {"ICMT", t->comment},
    };
    for (const auto &field : fields)
        if (given(field.value))
            info->setFieldText(field.id, utf8(field.value));
    return f.save(TagLib::RIFF::WAV::File::Info, TagLib::File::StripOthers);
}

// Returns 0, 1 when the file cannot carry tags, -1 when they were not written.
int write(const char *path, int format, const audio_tags *t)
{
    switch (format) {
    case FORMAT_MP3: {
        TagLib::MPEG::File f(path, false);
        if (!f.isValid())
            return -1;
        f.setProperties(properties(t, true));
        // ID3v1 is Latin-1 only: Persian would be question marks, so only ID3v2.4
        return f.save(TagLib::MPEG::File::ID3v2, TagLib::File::StripOthers, TagLib::ID3v2::v4) ? 0 : -1;
    }
    case FORMAT_OGG: {
        TagLib::Ogg::Vorbis::File f(path, false);
        if (!f.isValid())
            return -1;
        f.setProperties(properties(t, false));
        return f.save() ? 0 : -1;
    }
    case FORMAT_OPUS: {
        TagLib::Ogg::Opus::File f(path, false);
        if (!f.isValid())
            return -1;
        f.setProperties(properties(t, false));
        return f.save() ? 0 : -1;
    }
    case FORMAT_FLAC: {
        TagLib::FLAC::File f(path, false);
        if (!f.isValid())
            return -1;
        f.xiphComment(true)->setProperties(properties(t, false));
        return f.save() ? 0 : -1;
    }
    case FORMAT_WAV: {
        TagLib::RIFF::WAV::File f(path, false);
        if (!f.isValid())
            return 1; // RF64, past 4 GB
        return write_info(f, t) ? 0 : -1;
    }
    default:
        return 1;
    }
}

} // namespace

extern "C" int audio_tags_write(const char *path, int format, const audio_tags *tags, char *why,
                                size_t whylen)
{
    try {
        int rc = write(path, format, tags);
        if (rc < 0)
            std::snprintf(why, whylen, "TagLib cannot write its tags");
        return rc;
    } catch (const std::exception &e) {
        std::snprintf(why, whylen, "writing its tags: %s", e.what());
    } catch (...) {
        std::snprintf(why, whylen, "writing its tags failed");
    }
    return -1;
}
