package dev.versiond.spec.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlStatementsTest {

    @Test
    void splitsAtTopLevelSemicolonsOnly() {
        assertThat(SqlStatements.split("""
                -- a comment; not a statement
                INSERT INTO t VALUES ('a;b', "c;d"); /* ; */
                CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
                CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET x = 1; END;
                ;
                """)).hasSize(3).allSatisfy(s -> assertThat(s).doesNotEndWith(";"))
                .anySatisfy(s -> assertThat(s).contains("'a;b'"))
                .anySatisfy(s -> assertThat(s).contains("SET x = 1; END"));
    }

    @Test
    void aCommentOnlyTextHasNoStatement() {
        assertThat(SqlStatements.split("-- nothing\n/* still nothing */\n")).isEmpty();
    }
}
